package io.vigil.server.monitoring.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.server.jobs.JobQueue;
import io.vigil.server.serving.api.ServingStats;
import io.vigil.server.serving.scoring.ScoringMeters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's meters: the one {@link MeterRegistry}, exposed at {@code GET /metrics} in Prometheus'
 * text format ({@link PrometheusApi}), with the JVM's and the process's meters bound at start, and
 * one background thread that refreshes the gauges whose values cost a query or a lock.
 *
 * <p><b>Adding a meter</b> (as the drift, live-accuracy and alerting parts of monitoring do, in
 * {@code monitoring.alerts.AlertMeters}): take this
 * object where your part is wired in {@code Vigil.java} and register on {@link #registry()}:
 * <pre>{@code
 * // a value your part computes off the request path and keeps (an AtomicReference, a field, a map):
 * Gauge.builder(VigilMetrics.LIVE_ACCURACY, accuracies, a -> a.of(modelName))
 *         .tag("model", modelName).register(metrics.registry());
 * // one gauge per model and feature, rewritten whenever your part recomputes them:
 * MultiGauge drift = MultiGauge.builder(VigilMetrics.DRIFT_SCORE).register(metrics.registry());
 * drift.register(rows, true); // rows: MultiGauge.Row.of(Tags.of("model", m, "feature", f), score)
 * // a count of events:
 * Counter.builder(VigilMetrics.ALERTS_RAISED).tags("rule", rule, "severity", severity).register(metrics.registry()).increment();
 * }</pre>
 * Rules: names are dotted ({@code vigil.drift.score}); the registry writes them the Prometheus way
 * ({@code vigil_drift_score}; a counter gets {@code _total}, a timer {@code _seconds}). Labels take
 * bounded values only: model names, feature names, rule names, severities; never a request's id,
 * a user's input or a time. A gauge's function runs at every scrape: let it read a value, not
 * compute one; what costs (a query) goes in {@link #refreshEvery}. Micrometer holds a gauge's object
 * weakly: keep it referenced (a field of your service), or pass {@code strongReference(true)}. When metrics are off
 * ({@code metrics.enabled: false}) the registry still takes registrations and keeps nothing.
 */
public final class VigilMetrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VigilMetrics.class);

    /** The share of a deployed model's inputs that drifted at the last drift round, 0 to 1. Gauge, label {@code model}: {@code vigil_drift_share}. */
    public static final String DRIFT_SHARE = "vigil.drift.share";
    /** An input's drift statistic at the last drift round. Gauge, labels {@code model}, {@code feature}: {@code vigil_drift_score}. */
    public static final String DRIFT_SCORE = "vigil.drift.score";
    /** Accuracy of a deployed model's predictions against feedback, last 24 hours. Gauge, label {@code model}: {@code vigil_live_accuracy}. */
    public static final String LIVE_ACCURACY = "vigil.live.accuracy";
    /** Firing alerts queued for delivery (monitoring/alerts/channels). Counter, labels {@code rule}, {@code channel}: {@code vigil_alerts_fired_total}. */
    public static final String ALERTS_FIRED = "vigil.alerts.fired";

    /**
     * Alerts raised (a new alert, or a new one after its rule's cool-down). Counter, labels {@code rule},
     * {@code severity}: {@code vigil_alerts_raised_total}. What each channel was given is {@link #ALERTS_FIRED}.
     */
    public static final String ALERTS_RAISED = "vigil.alerts.raised";

    /** {@code text/plain; version=0.0.4}: what every Prometheus reads. */
    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    /** OpenMetrics 1.0, for a scraper that asks for it. */
    static final String OPENMETRICS_FORMAT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final MetricsSettings settings;
    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final ScheduledExecutorService refresher;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final PredictionMeters predictions;
    // what the meters read through weak references must stay reachable while the server runs
    private final List<Object> watched = new CopyOnWriteArrayList<>();

    private VigilMetrics(MetricsSettings settings) {
        this.settings = settings;
        if (settings.enabled()) {
            this.prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            this.registry = prometheus;
            this.predictions = new PredictionMeters(prometheus);
            this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "vigil-metrics");
                t.setDaemon(true);
                return t;
            });
        } else {
            this.prometheus = null;
            this.registry = new CompositeMeterRegistry(); // with no registry below it, meters keep nothing
            this.predictions = null;
            this.refresher = null;
        }
    }

    /** The registry, with the JVM's and the process's meters bound when metrics are on. */
    public static VigilMetrics start(MetricsSettings settings) {
        VigilMetrics metrics = new VigilMetrics(settings);
        if (settings.enabled()) {
            JvmGcMetrics gc = new JvmGcMetrics();
            metrics.closeables.add(gc);
            for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                    new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
                binder.bindTo(metrics.registry);
            }
        }
        return metrics;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public MetricsSettings settings() {
        return settings;
    }

    /** Where meters are registered (see the class comment). */
    public MeterRegistry registry() {
        return registry;
    }

    /** What scoring counts predictions with: {@link ScoringMeters#OFF} when metrics are off. */
    public ScoringMeters scoring() {
        return predictions != null ? predictions : ScoringMeters.OFF;
    }

    /** Serving's cache, prediction log and loaded versions as meters, read from {@code stats} ({@code Serving.stats}). */
    public void watchServing(Supplier<ServingStats> stats) {
        if (enabled()) {
            ServingGauges gauges = new ServingGauges(registry, stats, predictions);
            watched.add(gauges);
            refreshEvery("serving", gauges::refresh);
        }
    }

    /** The job queue's depth by state and kind, and how long jobs ran, for the kinds {@code kinds} gives. */
    public void watchJobs(JobQueue queue, Supplier<Set<String>> kinds) {
        if (enabled()) {
            JobMeters jobs = new JobMeters(registry, queue, kinds);
            queue.addListener(jobs);
            refreshEvery("jobs", jobs::refresh);
        }
    }

    /**
     * Runs {@code refresh} now and then every {@code metrics.refreshSeconds} on the metrics thread,
     * off the request path: for gauges whose values cost a query or a lock. A refresh that throws is
     * logged and tried again next time. Nothing runs when metrics are off.
     */
    public void refreshEvery(String what, Runnable refresh) {
        if (refresher == null) {
            return;
        }
        long period = settings.refresh().toMillis();
        refresher.scheduleWithFixedDelay(new Refresh(what, refresh), 0, period, TimeUnit.MILLISECONDS);
    }

    /** Every meter, written as {@code accept} asks: OpenMetrics if it names it, else Prometheus' text format. */
    Scrape scrape(String accept) {
        if (prometheus == null) {
            throw new IllegalStateException("metrics are off");
        }
        String type = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS_FORMAT : TEXT_FORMAT;
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            prometheus.scrape(out, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: cannot happen
        }
        return new Scrape(type, out.toByteArray());
    }

    /** A scrape's body and its content type. */
    record Scrape(String contentType, byte[] body) {}

    /** Stops the refreshes and unbinds the JVM's meters. */
    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                log.atDebug().addKeyValue("error", e.toString()).log("a meter binder did not close");
            }
        }
        registry.close();
    }

    /** One refresh, logged once when it starts failing and once when it works again. */
    private static final class Refresh implements Runnable {
        private final String what;
        private final Runnable refresh;
        private boolean failing;

        Refresh(String what, Runnable refresh) {
            this.what = what;
            this.refresh = refresh;
        }

        @Override
        public void run() {
            try {
                refresh.run();
                if (failing) {
                    log.atInfo().addKeyValue("meters", what).log("metrics refreshed again");
                    failing = false;
                }
            } catch (RuntimeException e) { // the thread must live on: the next refresh may work
                if (!failing) {
                    log.atWarn().addKeyValue("meters", what).addKeyValue("error", e.toString())
                            .log("cannot refresh metrics; their last values stay");
                    failing = true;
                }
            }
        }
    }
}
