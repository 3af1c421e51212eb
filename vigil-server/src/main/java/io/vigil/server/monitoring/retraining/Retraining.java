package io.vigil.server.monitoring.retraining;

import io.vigil.server.audit.AuditEvent;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.events.EventBus;
import io.vigil.server.jobs.JobQueue;
import io.vigil.server.models.ModelRegistry;
import io.vigil.server.monitoring.drift.DriftService;
import io.vigil.server.monitoring.feedback.FeedbackRepository;
import io.vigil.server.monitoring.feedback.VersionClasses;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retraining, wired: policies, their evaluation every {@code retraining.checkSeconds} on one
 * background thread ({@code vigil-retraining}), which also decides the trainings they start (heard
 * from the job queue), and the routes' service. The alerts and A/B tests are reached through ports
 * ({@link RetrainingAlerts}, {@link ChallengerExperiments}).
 */
public final class Retraining implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Retraining.class);

    private final RetrainingSettings settings;
    private final RetrainingRound round;
    private final RetrainingService service;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-retraining");
        t.setDaemon(true);
        return t;
    });

    /** Built, not started; it hears the ends of jobs from {@code queue} once {@link #start}ed. */
    public Retraining(Jdbi jdbi, ModelRegistry models, DatasetService datasets, JobQueue queue, DriftService drift, EventBus events,
                      Consumer<AuditEvent> audit, RetrainingSettings settings, RetrainingAlerts alerts,
                      ChallengerExperiments experiments, Clock clock) {
        this.settings = settings;
        PolicyRepository policies = new PolicyRepository(jdbi);
        TriggerRepository triggers = new TriggerRepository(jdbi);
        RetrainingNotices notices = new RetrainingNotices(events, audit, alerts, clock);
        RetrainingDecisions decisions = new RetrainingDecisions(triggers, policies, queue, models.repository(), models.lifecycle(),
                new ChampionComparison(models.lifecycle(), new ComparisonRows(datasets)), experiments, notices,
                this::runInBackground, clock);
        FeedbackRows rows = new FeedbackRows(jdbi, models.repository(), models.bundles(),
                new VersionClasses(models.repository(), models.bundles()));
        Retrainer retrainer = new Retrainer(models.repository(), models.training(), queue,
                new RetrainingData(datasets, rows, triggers, settings.maxFeedbackRows()), triggers, notices, decisions, clock);
        this.round = new RetrainingRound(jdbi, policies, models.repository(), new Conditions(signals(drift, new FeedbackRepository(jdbi))),
                retrainer, decisions, clock);
        this.service = new RetrainingService(models.repository(), policies, triggers, retrainer, clock);
        if (settings.enabled()) {
            queue.addListener(decisions);
        }
    }

    /** The evaluation every {@code retraining.checkSeconds}, the first one period after start; nothing when disabled here. */
    public void start() {
        if (!settings.enabled()) {
            log.atInfo().log("retraining is disabled on this instance: others evaluate the policies");
            return;
        }
        long every = settings.checkEvery().toMillis();
        background.scheduleWithFixedDelay(this::runRound, every, every, TimeUnit.MILLISECONDS);
    }

    /** One evaluation round now, on the calling thread (the scheduled ones run on the retraining thread). */
    RetrainingRound.Result runRound() {
        try {
            return round.run();
        } catch (RuntimeException e) { // the next round tries again; an escaped exception would end the schedule
            log.atWarn().setCause(e).log("retraining round failed; it runs again at its next time");
            return new RetrainingRound.Result(false, 0, 0);
        }
    }

    public RetrainingApi api() {
        return new RetrainingApi(service);
    }

    private void runInBackground(Runnable work) {
        if (!background.isShutdown()) {
            background.execute(work);
        }
    }

    private static Signals signals(DriftService drift, FeedbackRepository feedback) {
        return new Signals() {
            @Override
            public OptionalDouble driftShare(UUID modelId, int version, String window) {
                Double share = drift.drift(modelId, window, version).drift().driftShare();
                return share == null ? OptionalDouble.empty() : OptionalDouble.of(share);
            }

            @Override
            public Feedback feedback(UUID modelId, int version, Instant from, Instant to) {
                FeedbackRepository.Step totals = feedback.totals(modelId, version, from, to);
                return new Feedback(totals.feedback(), totals.correct());
            }
        };
    }

    /** Stops the evaluation; a round or decision in progress ends first (no interrupt, which could break a JDBC write). */
    @Override
    public void close() {
        background.shutdown();
        try {
            background.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
