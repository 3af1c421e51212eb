package io.vigil.server.monitoring.experiments;

import io.vigil.server.audit.AuditLog;
import io.vigil.server.events.EventBus;
import io.vigil.server.models.ModelRegistry;
import io.vigil.server.serving.models.TrafficSplits;
import io.vigil.server.serving.scoring.ShadowScorer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Experiments, wired: the service and its API, and two background tasks on their own threads
 * ({@code vigil-experiments}): serving's traffic splits re-read every second, and the evaluation
 * every {@code experiments.evaluateSeconds}. {@link #onDecision} is where alerts plug in.
 */
public final class ExperimentMonitoring implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExperimentMonitoring.class);
    static final Duration REFRESH = Duration.ofSeconds(1);

    private final Experiments experiments;
    private final ExperimentsApi api;
    private final RunningExperiments running;
    private final ExperimentEvaluator evaluator;
    private final Decisions decisions;
    private final ExperimentSettings settings;
    private final ScheduledExecutorService background = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "vigil-experiments");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param splits  what serving routes by (kept equal to the running experiments)
     * @param shadows shadow mode's scorer, whose counts each evaluation adds
     */
    public ExperimentMonitoring(Jdbi jdbi, ModelRegistry models, AuditLog audit, EventBus events, TrafficSplits splits,
                                ShadowScorer shadows, ExperimentSettings settings, Clock clock) {
        this.settings = settings;
        ExperimentRepository repository = new ExperimentRepository(jdbi);
        this.running = new RunningExperiments(repository, splits);
        DecisionLock lock = new DecisionLock(jdbi);
        ExperimentFigures figures = new ExperimentFigures(jdbi, repository);
        this.decisions = new Decisions(repository, models.lifecycle(), audit, events, clock, running);
        this.experiments = new Experiments(repository, new ExperimentChecks(models.repository(), models.bundles()), figures, decisions,
                running, lock, events, clock);
        this.evaluator = new ExperimentEvaluator(lock, repository, figures, decisions, models.repository(), shadows, clock);
        this.api = new ExperimentsApi(experiments);
    }

    /** Starts routing by the running experiments (read now, then every second) and the evaluations. */
    public ExperimentMonitoring start() {
        running.refresh();
        background.scheduleWithFixedDelay(() -> guarded("refresh", running::refresh), REFRESH.toMillis(), REFRESH.toMillis(),
                TimeUnit.MILLISECONDS);
        long every = settings.evaluateEvery().toMillis();
        background.scheduleWithFixedDelay(() -> guarded("evaluate", evaluator::run), every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Tells {@code listener} of every decision from now on (promoted, stopped, inconclusive, or a
     * significant difference no rule acts on): the hook for alerts.
     */
    public void onDecision(DecisionListener listener) {
        decisions.addListener(listener);
    }

    public Experiments experiments() {
        return experiments;
    }

    public ExperimentsApi api() {
        return api;
    }

    /** One evaluation now, on the caller's thread (for tests and tools). */
    public void evaluateNow() {
        evaluator.run();
    }

    private static void guarded(String task, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) { // the next run tries again; an escaped exception would end the schedule
            log.atWarn().setCause(e).addKeyValue("task", task).log("experiment task failed; it runs again at its next time");
        }
    }

    /** Stops the background work, then adds this instance's last shadow counts (call before serving closes its shadow). */
    @Override
    public void close() {
        background.shutdown();
        try {
            background.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        guarded("flush", evaluator::flushShadowCounts);
    }
}
