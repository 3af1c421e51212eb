package io.vigil.server.monitoring;

import io.vigil.server.models.ModelRegistry;
import io.vigil.server.monitoring.feedback.Feedback;
import io.vigil.server.monitoring.feedback.FeedbackApi;
import io.vigil.server.monitoring.feedback.FeedbackRepository;
import io.vigil.server.monitoring.feedback.RecordedPredictions;
import io.vigil.server.monitoring.feedback.VersionClasses;
import io.vigil.server.monitoring.live.LiveMetrics;
import io.vigil.server.monitoring.live.LiveMetricsApi;
import io.vigil.server.monitoring.live.MinuteAggregator;
import io.vigil.server.monitoring.live.PredictionMinutes;
import io.vigil.server.monitoring.retention.ModelRetention;
import io.vigil.server.monitoring.retention.PredictionRetention;
import io.vigil.server.monitoring.retention.RetentionApi;
import io.vigil.server.serving.log.PredictionObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monitoring of what deployed models predict, wired: the per-minute counts fed by the prediction
 * log ({@link #observer()}), feedback, the live metrics, and the prediction log's retention. One
 * background thread flushes the counts every minute and applies the retention every hour (the first time a minute after start).
 */
public final class LiveMonitoring implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveMonitoring.class);
    static final Duration FLUSH_EVERY = Duration.ofMinutes(1);
    static final Duration FIRST_RETENTION = Duration.ofMinutes(1);

    private final MinuteAggregator aggregator;
    private final LiveMetrics metrics;
    private final PredictionRetention retention;
    private final FeedbackApi feedbackApi;
    private final Feedback feedback;
    private final LiveMetricsApi metricsApi;
    private final RetentionApi retentionApi;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-monitoring");
        t.setDaemon(true);
        return t;
    });

    /** Built, not started: serving takes {@link #observer()} first. */
    public LiveMonitoring(Jdbi jdbi, ModelRegistry models, MonitoringSettings settings, Clock clock) {
        PredictionMinutes minutes = new PredictionMinutes(jdbi);
        this.aggregator = new MinuteAggregator(minutes, clock);
        VersionClasses classes = new VersionClasses(models.repository(), models.bundles());
        FeedbackRepository feedback = new FeedbackRepository(jdbi);
        this.metrics = new LiveMetrics(minutes, feedback, classes, models.repository(), aggregator, clock);
        ModelRetention modelRetention = new ModelRetention(jdbi, models.repository(), settings.retentionDays(), clock);
        this.retention = new PredictionRetention(jdbi, modelRetention, clock);
        this.feedback = new Feedback(new RecordedPredictions(jdbi), feedback, classes, models.repository(), clock);
        this.feedbackApi = new FeedbackApi(this.feedback);
        this.metricsApi = new LiveMetricsApi(metrics);
        this.retentionApi = new RetentionApi(modelRetention);
    }

    /** What the prediction log shows every record it takes. */
    public PredictionObserver observer() {
        return aggregator;
    }

    /** Starts the background work: the retention a minute after start, then every hour; the counts' flush every minute. */
    public void start() {
        // a minute in: a start has enough to do, and rows no day partition covers wait in the default one meanwhile
        background.scheduleWithFixedDelay(() -> guarded("retention", retention::run), FIRST_RETENTION.toSeconds(),
                PredictionRetention.EVERY.toSeconds(), TimeUnit.SECONDS);
        background.scheduleWithFixedDelay(() -> guarded("flush", aggregator::flush), FLUSH_EVERY.toSeconds(), FLUSH_EVERY.toSeconds(),
                TimeUnit.SECONDS);
    }

    private static void guarded(String task, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) { // the next run tries again; an escaped exception would end the schedule
            log.atWarn().setCause(e).addKeyValue("task", task).log("monitoring task failed; it runs again at its next time");
        }
    }

    /** Live accuracy and the other figures, for whoever reports them (the Prometheus endpoint). */
    public LiveMetrics metrics() {
        return metrics;
    }

    /** Feedback as a service: labels that come from elsewhere than its route (incidents marked false positives). */
    public Feedback feedback() {
        return feedback;
    }

    public FeedbackApi feedbackApi() {
        return feedbackApi;
    }

    public LiveMetricsApi metricsApi() {
        return metricsApi;
    }

    public RetentionApi retentionApi() {
        return retentionApi;
    }

    /** Stops the background work and adds the last counts (call after the prediction log has closed, before the database). */
    @Override
    public void close() {
        background.shutdown(); // a run in progress ends (no interrupt, which could break a JDBC write); no new ones start
        try {
            background.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        guarded("flush", aggregator::flush);
    }
}
