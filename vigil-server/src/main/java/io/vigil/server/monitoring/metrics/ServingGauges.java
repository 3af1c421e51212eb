package io.vigil.server.monitoring.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vigil.server.serving.api.ServingStats;
import io.vigil.server.serving.models.LoadedVersions;
import io.vigil.server.serving.models.ModelRef;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Serving's own counts as meters, read from what serving already counts ({@code serving.stats()}),
 * never counted twice: the prediction cache's hits and misses, the prediction log's backlog and
 * what it wrote, dropped (over its rate, or sampled out when it fell behind) and failed to write,
 * and the model versions in memory. The scalar values are read at each scrape from a snapshot at
 * most a second old (one look for them all); the per-version memory is rewritten at each refresh,
 * which also forgets the prediction meters of versions long gone ({@link PredictionMeters#forgetIdle}).
 */
final class ServingGauges {
    private static final long SNAPSHOT_NANOS = 1_000_000_000L;

    private final Supplier<ServingStats> stats;
    private final PredictionMeters predictions;
    private final MultiGauge versionMemory;
    private volatile Snapshot last;

    private record Snapshot(long at, ServingStats stats) {}

    ServingGauges(MeterRegistry registry, Supplier<ServingStats> stats, PredictionMeters predictions) {
        this.stats = stats;
        this.predictions = predictions;
        counter(registry, "vigil.prediction.cache.requests", "Prediction cache lookups", s -> s.cache().hits(), "result", "hit");
        counter(registry, "vigil.prediction.cache.requests", "Prediction cache lookups", s -> s.cache().misses(), "result", "miss");
        gauge(registry, "vigil.prediction.cache.entries", "Predictions in the cache", null, s -> s.cache().size());
        gauge(registry, "vigil.prediction.log.queued", "Predictions waiting to be written to the prediction log", null,
                s -> s.recording().queued());
        counter(registry, "vigil.prediction.log.written", "Predictions written to the prediction log", s -> s.recording().written());
        counter(registry, "vigil.prediction.log.dropped",
                "Predictions left out of the prediction log: over its rate, sampled out or refused when it fell behind",
                s -> s.recording().dropped());
        counter(registry, "vigil.prediction.log.failed", "Predictions the prediction log could not write", s -> s.recording().failed());
        gauge(registry, "vigil.models.loaded", "Model versions in memory", null, s -> s.loadedModels().size());
        gauge(registry, "vigil.models.loaded.memory", "Bytes the versions in memory count against the budget", "bytes",
                s -> s.modelMemory().usedBytes());
        gauge(registry, "vigil.models.memory.budget", "The memory budget of loaded versions (serving.modelBudgetMb)", "bytes",
                s -> s.modelMemory().budgetBytes());
        this.versionMemory = MultiGauge.builder("vigil.model.loaded.memory").description("Bytes a version in memory counts against the budget")
                .baseUnit("bytes").register(registry);
    }

    /** Rewrites the memory of each version in memory, and forgets the prediction meters of versions long gone. */
    void refresh() {
        List<LoadedVersions.Version> loaded = stats.get().loadedModels();
        versionMemory.register(loaded.stream().map(v -> MultiGauge.Row.of(Tags.of("model", v.name(), "version",
                Integer.toString(v.version())), v.bytes())).toList(), true);
        Set<ModelRef> refs = loaded.stream().map(v -> new ModelRef(v.modelId(), v.name(), v.version())).collect(Collectors.toSet());
        predictions.forgetIdle(refs, System.nanoTime());
    }

    private ServingStats snapshot() {
        Snapshot s = last;
        long now = System.nanoTime();
        if (s == null || now - s.at() > SNAPSHOT_NANOS) {
            s = new Snapshot(now, stats.get());
            last = s;
        }
        return s.stats();
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<ServingStats> value, String... tags) {
        FunctionCounter.builder(name, this, g -> value.applyAsDouble(g.snapshot())).description(description).tags(tags).register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, String unit, ToDoubleFunction<ServingStats> value) {
        Gauge.builder(name, this, g -> value.applyAsDouble(g.snapshot())).description(description).baseUnit(unit)
                .strongReference(true).register(registry);
    }
}
