package io.vigil.server.monitoring.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelRef;
import io.vigil.server.serving.scoring.ScoringMeters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Predictions counted by model, version and predicted class ({@code vigil_predictions_total}) and
 * timed ({@code vigil_prediction_duration_seconds}, by model, version and {@code kind}: a single
 * record or a batch). Each version's meters are made once, on its first prediction, and found by
 * its {@link ModelRef} afterwards: a request costs one map lookup and counter increments, no tags.
 *
 * <p>Bounded: a model with more than {@value #MAX_CLASS_LABELS} classes counts the rest as
 * {@code class="other"}, and a version that is no longer loaded and predicted nothing for
 * {@link #IDLE} loses its meters ({@link #forgetIdle}; they come back from zero if it predicts again).
 */
public final class PredictionMeters implements ScoringMeters {
    static final String PREDICTIONS = "vigil.predictions";
    static final String DURATION = "vigil.prediction.duration";
    static final int MAX_CLASS_LABELS = 50;
    static final Duration IDLE = Duration.ofHours(1);
    /** From a cached answer's microseconds to a large batch's seconds. */
    private static final Duration[] BUCKETS = micros(10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000,
            100_000, 250_000, 500_000, 1_000_000, 2_500_000, 10_000_000);

    private final MeterRegistry registry;
    private final ConcurrentHashMap<ModelRef, VersionMeters> versions = new ConcurrentHashMap<>();

    public PredictionMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Version of(LoadedModel model) {
        VersionMeters known = versions.get(model.ref());
        return known != null ? known : versionMeters(model.ref(), model.trained().classes());
    }

    /** The meters of version {@code ref}, whose model predicts {@code classes}, made on first use. */
    Version versionMeters(ModelRef ref, List<String> classes) {
        return versions.computeIfAbsent(ref, r -> new VersionMeters(r, classes));
    }

    /**
     * Removes the meters of versions that are not in {@code loaded} and predicted nothing for
     * {@link #IDLE}: run by the metrics thread at each refresh, {@code now} in nanoseconds.
     */
    void forgetIdle(Set<ModelRef> loaded, long now) {
        for (VersionMeters v : versions.values()) {
            if (v.idleSince(now) >= IDLE.toNanos() && !loaded.contains(v.ref)) {
                versions.remove(v.ref, v);
                v.meters.forEach(registry::remove);
            }
        }
    }

    /** One version's meters. */
    private final class VersionMeters implements Version {
        final ModelRef ref;
        private final Counter[] byClass;
        private final Timer single;
        private final Timer batch;
        final List<Meter> meters = new ArrayList<>();
        // read and written by the metrics thread only
        private double lastTotal = -1;
        private long lastChange;

        VersionMeters(ModelRef ref, List<String> classes) {
            this.ref = ref;
            String version = Integer.toString(ref.version());
            int labelled = Math.min(classes.size(), MAX_CLASS_LABELS);
            this.byClass = new Counter[classes.size() > labelled ? labelled + 1 : labelled];
            for (int c = 0; c < byClass.length; c++) {
                byClass[c] = Counter.builder(PREDICTIONS).description("Predictions by model, version and predicted class")
                        .tags("model", ref.name(), "version", version, "class", c < labelled ? classes.get(c) : "other")
                        .register(registry);
                meters.add(byClass[c]);
            }
            this.single = timer(version, "single");
            this.batch = timer(version, "batch");
        }

        private Timer timer(String version, String kind) {
            Timer t = Timer.builder(DURATION).description("Server-side scoring time of a request: checks, encoding, model, explanation")
                    .tags("model", ref.name(), "version", version, "kind", kind).serviceLevelObjectives(BUCKETS).register(registry);
            meters.add(t);
            return t;
        }

        @Override
        public void predicted(int classIndex, long records) {
            byClass[Math.min(classIndex, byClass.length - 1)].increment(records);
        }

        @Override
        public void scored(long nanos, boolean isSingle) {
            (isSingle ? single : batch).record(nanos, TimeUnit.NANOSECONDS);
        }

        /** How long its counts have not moved, as far as the refreshes saw. */
        long idleSince(long now) {
            double total = single.count() + batch.count();
            if (total != lastTotal) {
                lastTotal = total;
                lastChange = now;
            }
            return now - lastChange;
        }
    }

    private static Duration[] micros(long... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(values[i] * 1_000);
        }
        return out;
    }
}
