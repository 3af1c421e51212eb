package io.vigil.server.monitoring.alerts;

import io.vigil.server.events.Event;
import io.vigil.server.events.EventBus;
import io.vigil.server.events.EventFilter;
import io.vigil.server.models.ModelRegistry;
import io.vigil.server.monitoring.drift.DriftService;
import io.vigil.server.monitoring.health.ErrorRates;
import io.vigil.server.monitoring.health.HealthChanges;
import io.vigil.server.monitoring.health.ModelHealth;
import io.vigil.server.monitoring.health.ModelHealthApi;
import io.vigil.server.monitoring.health.Observations;
import io.vigil.server.monitoring.live.LiveMetrics;
import io.vigil.server.monitoring.metrics.VigilMetrics;
import io.vigil.server.serving.api.ServingStats;
import io.vigil.server.serving.log.PredictionObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health and alerts, wired: the rules, the alerts, the threat watch on the prediction log
 * ({@link #threatObserver()}), the model health, and their one background thread
 * ({@code vigil-alerts}): the threat watch's sightings become alerts every second and it learns the
 * rules and deployed models every 10 seconds (and at once on a change here); the evaluation round
 * every {@code alerts.evaluateEverySeconds} and the drift round every {@code alerts.driftEverySeconds},
 * each run by one of the instances sharing the database ({@link MonitoringSchedule}).
 */
public final class AlertMonitoring implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertMonitoring.class);
    static final Duration THREATS_EVERY = Duration.ofSeconds(1);
    static final Duration RULES_EVERY = Duration.ofSeconds(10);

    private final AlertsConfig config;
    private final Clock clock;
    private final VigilMetrics metrics;
    private final EventBus events;
    private final ThreatWatch watch = new ThreatWatch();
    private final AlertRules rules;
    private final AlertEvaluator evaluator;
    private final MonitoringSchedule schedule;
    private final ErrorRates errorRates;
    private final AlertMeters meters;
    private final AlertsApi api;
    private final ModelHealthApi healthApi;
    private final AtomicReference<Supplier<ServingStats>> serving = new AtomicReference<>();
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-alerts");
        t.setDaemon(true);
        return t;
    });
    private EventBus.Subscription modelEvents;

    /** Built, not started: serving takes {@link #threatObserver()} first; {@code notifier} sends alerts to their channels. */
    public AlertMonitoring(Jdbi jdbi, ModelRegistry models, EventBus events, DriftService drift, LiveMetrics live, VigilMetrics metrics,
                           AlertsConfig config, AlertNotifier notifier, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.events = events;
        this.meters = new AlertMeters(metrics.registry());
        this.errorRates = new ErrorRates(metrics.registry(), metrics.enabled(), clock);
        AlertRuleRepository ruleRows = new AlertRuleRepository(jdbi);
        Alerts alerts = new Alerts(new AlertRepository(jdbi), ruleRows, events, notifier, meters, clock);
        this.rules = new AlertRules(ruleRows, alerts, models.repository(), clock, this::rulesChanged);
        Observations observations = new Observations(live, drift, models.repository(), models.bundles(), errorRates,
                () -> serving.get().get(), clock);
        ModelHealth health = new ModelHealth(observations, config.health());
        this.evaluator = new AlertEvaluator(rules, alerts, observations, health, new HealthChanges(jdbi, events), watch, meters, live,
                config.driftWindow());
        this.schedule = new MonitoringSchedule(jdbi);
        this.api = new AlertsApi(alerts, rules, models.repository());
        this.healthApi = new ModelHealthApi(health);
    }

    /** What the prediction log shows every record it takes, for the threat rules (nothing when {@code alerts.enabled} is false). */
    public PredictionObserver threatObserver() {
        return config.enabled() ? watch : PredictionObserver.NONE;
    }

    /** Loads the configuration's rules and starts the background work; {@code stats} tells what serving holds. */
    public void start(Supplier<ServingStats> stats) {
        serving.set(stats);
        rules.loadConfig(config.rules());
        metrics.refreshEvery("error rates", errorRates::sample);
        metrics.refreshEvery("live accuracy", evaluator::liveAccuracy);
        if (!config.enabled()) {
            log.atInfo().log("alert rules are not evaluated on this instance (alerts.enabled is false)");
            return;
        }
        modelEvents = events.subscribe(EventFilter.ALL, e -> {
            if (Event.MODEL_STATE.equals(e.type()) && !background.isShutdown()) {
                background.execute(() -> guarded("rules", evaluator::refreshWatch)); // a deploy or retire: watch its threats now
            }
        });
        background.scheduleWithFixedDelay(() -> guarded("rules", evaluator::refreshWatch), 0, RULES_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(() -> guarded("threats", evaluator::threats), THREATS_EVERY.toMillis(), THREATS_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        long first = config.evaluateEvery().toMillis();
        background.scheduleWithFixedDelay(() -> guarded("drift", this::driftIfDue), first, config.driftEvery().toMillis(),
                TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(() -> guarded("evaluation", this::evaluateIfDue), first, first, TimeUnit.MILLISECONDS);
    }

    /**
     * Fires the rules of {@code h}'s kind that watch its model, on the alerts' thread: the caller (a
     * decision, often a request's) does not wait for the database. Whatever {@code alerts.enabled}
     * says: the instance that took the decision is the one that knows of it.
     */
    public void happened(Happening h) {
        try {
            background.execute(() -> guarded("happening", () -> evaluator.happened(h)));
        } catch (RejectedExecutionException stopping) {
            log.atWarn().addKeyValue("kind", h.kind().wire()).addKeyValue("modelId", h.modelId()).addKeyValue("summary", h.summary())
                    .log("no alert for this: alerting has stopped");
        }
    }

    public AlertsApi api() {
        return api;
    }

    public ModelHealthApi healthApi() {
        return healthApi;
    }

    private void rulesChanged() {
        // at once, on the thread that changed the rule: queued behind a long drift round, a new threat rule would
        // miss the predictions of the seconds in between (other instances see it at their next round)
        if (config.enabled() && !background.isShutdown()) {
            guarded("rules", evaluator::refreshWatch);
        }
    }

    private void evaluateIfDue() {
        if (!schedule.claim(MonitoringSchedule.EVALUATE, clock.instant(), config.evaluateEvery())) {
            return;
        }
        AlertEvaluator.Round r = evaluator.evaluate();
        meters.evaluation().record(Duration.ofMillis(r.millis()));
        log.atDebug().addKeyValue("rules", r.rules()).addKeyValue("models", r.models()).addKeyValue("judged", r.judged())
                .addKeyValue("fired", r.fired()).addKeyValue("resolved", r.resolved()).addKeyValue("healthChanges", r.healthChanges())
                .addKeyValue("ms", r.millis()).log("alert rules evaluated");
    }

    private void driftIfDue() {
        if (schedule.claim(MonitoringSchedule.DRIFT, clock.instant(), config.driftEvery())) {
            evaluator.driftRound();
        }
    }

    private static void guarded(String task, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) { // the next run tries again; an escaped exception would end the schedule
            log.atWarn().setCause(e).addKeyValue("task", task).log("alerting task failed; it runs again at its next time");
        }
    }

    /** Stops the background work, then turns the last threat sightings into alerts (call after the prediction log has closed). */
    @Override
    public void close() {
        if (modelEvents != null) {
            modelEvents.close();
        }
        background.shutdown();
        try {
            background.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (config.enabled()) {
            guarded("threats", evaluator::threats);
        }
    }
}
