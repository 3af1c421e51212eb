package io.vigil.server.monitoring;

import io.vigil.server.audit.AuditLog;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.events.EventBus;
import io.vigil.server.jobs.JobQueue;
import io.vigil.server.models.ModelRegistry;
import io.vigil.server.monitoring.alerts.AlertMonitoring;
import io.vigil.server.monitoring.alerts.channels.AlertChannels;
import io.vigil.server.monitoring.alerts.channels.AlertDeliveries;
import io.vigil.server.monitoring.drift.DriftApi;
import io.vigil.server.monitoring.drift.DriftService;
import io.vigil.server.monitoring.experiments.ExperimentMonitoring;
import io.vigil.server.monitoring.metrics.VigilMetrics;
import io.vigil.server.monitoring.retraining.Retraining;
import io.vigil.server.serving.api.ServingStats;
import io.vigil.server.serving.log.PredictionObserver;
import io.vigil.server.serving.models.TrafficSplits;
import io.vigil.server.serving.scoring.ShadowScorer;
import java.time.Clock;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Watching deployed models, wired in one place: live metrics, feedback and retention
 * ({@link LiveMonitoring}), drift, alert channels, health and alerts, A/B tests and shadow models,
 * retraining, and the links between them ({@link MonitoringLinks}). Built before serving, which
 * shows {@link #observer()} every record its prediction log takes; {@link #start}ed once serving is
 * up, with what experiments and health need of it; closed after serving has written its last records.
 */
public final class Monitoring implements AutoCloseable {
    private final Jdbi jdbi;
    private final ModelRegistry models;
    private final EventBus events;
    private final MonitoringConfig config;
    private final Clock clock;
    private final LiveMonitoring live;
    private final DriftService drift;
    private final AlertChannels channels;
    private final AlertMonitoring alerting;
    private ExperimentMonitoring experiments;
    private Retraining retraining;

    public Monitoring(Jdbi jdbi, ModelRegistry models, EventBus events, VigilMetrics metrics, MonitoringConfig config, Clock clock) {
        this.jdbi = jdbi;
        this.models = models;
        this.events = events;
        this.config = config;
        this.clock = clock;
        this.live = new LiveMonitoring(jdbi, models, config.live(), clock);
        this.drift = new DriftService(models.repository(), models.bundles(), jdbi, config.drift(), clock);
        this.channels = new AlertChannels(jdbi, config.alertChannels(), config.outbound(), metrics, clock);
        this.alerting = new AlertMonitoring(jdbi, models, events, drift, live.metrics(), metrics, config.alerts(),
                MonitoringLinks.toChannels(channels.deliveries()), clock);
    }

    /** What the prediction log shows every record it takes: the per-minute counts and the threat watch. */
    public PredictionObserver observer() {
        return PredictionObservers.of(live.observer(), alerting.threatObserver());
    }

    /**
     * Starts the background work, once serving is built: {@code splits} is what serving routes by
     * (kept equal to the running experiments), {@code shadows} scores the shadow copies, {@code stats}
     * tells health what serving holds. Retraining queues its trainings on {@code queue}.
     */
    public void start(TrafficSplits splits, ShadowScorer shadows, Supplier<ServingStats> stats, DatasetService datasets, JobQueue queue,
                      AuditLog audit) {
        channels.start();
        live.start();
        alerting.start(stats);
        experiments = new ExperimentMonitoring(jdbi, models, audit, events, splits, shadows, config.experiments(), clock).start();
        experiments.onDecision(MonitoringLinks.decisionAlerts(alerting));
        retraining = new Retraining(jdbi, models, datasets, queue, drift, events, audit::record, config.retraining(),
                MonitoringLinks.retrainingAlerts(alerting), MonitoringLinks.challengers(experiments.experiments()), clock);
        retraining.start();
    }

    /** The route handlers (after {@link #start}). */
    public MonitoringApis apis() {
        return new MonitoringApis(new DriftApi(drift), live.feedbackApi(), live.metricsApi(), live.retentionApi(), retraining.api(),
                channels.api(), experiments.api(), alerting.api(), alerting.healthApi());
    }

    /** Where alerting hands notices to the alert channels. */
    /** Feedback as a service (labels from incidents marked false positives). */
    public io.vigil.server.monitoring.feedback.Feedback feedback() {
        return live.feedback();
    }

    public AlertDeliveries alertDeliveries() {
        return channels.deliveries();
    }

    /**
     * Stops it all, each part once (call after serving has closed: its last prediction records,
     * shadow counts and threat sightings are taken in): retraining first (a decision in progress may
     * still deploy), experiments, alerting (the last threat sightings become alerts), the last
     * per-minute counts, then the alert channels (a try in progress is cut off and sent again after
     * its lease, here or on another instance).
     */
    @Override
    public void close() {
        try {
            if (retraining != null) {
                retraining.close();
            }
            if (experiments != null) {
                experiments.close();
            }
            alerting.close();
            live.close();
        } finally {
            channels.close();
        }
    }
}
