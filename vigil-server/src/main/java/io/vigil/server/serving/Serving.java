package io.vigil.server.serving;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.events.EventBus;
import io.vigil.server.jobs.JobQueue;
import io.vigil.server.jobs.JobWorkers;
import io.vigil.server.models.ModelRegistry;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.serving.api.InferenceProtocolApi;
import io.vigil.server.serving.api.PredictionsApi;
import io.vigil.server.serving.batch.BatchScoringJob;
import io.vigil.server.serving.log.PredictionRecorder;
import io.vigil.server.serving.models.LoadedModels;
import io.vigil.server.serving.models.ModelResolver;
import io.vigil.server.serving.scoring.PredictionCache;
import io.vigil.server.serving.scoring.Predictor;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Serving, wired: loaded models, the resolver, the cache, the recorder, the HTTP handlers, and the
 * {@code batch_predict} job it registers on the workers.
 */
public final class Serving implements AutoCloseable {
    private final LoadedModels loaded;
    private final ModelResolver resolver;
    private final PredictionCache cache;
    private final PredictionRecorder recorder;
    private final PredictionsApi api;

    public Serving(ServingSettings settings, Jdbi jdbi, ModelRegistry models, EventBus events,
                   Clock clock, DatasetService datasets, JobQueue queue, JobWorkers workers) {
        ModelRepository repository = models.repository();
        this.loaded = new LoadedModels(repository, models.bundles(), settings.modelBudgetBytes());
        this.resolver = new ModelResolver(repository, loaded, events);
        models.lifecycle().addDeploymentListener(resolver); // a deploy answers once this instance serves it
        this.cache = new PredictionCache(settings.cacheSize(), settings.cacheTtl());
        this.recorder = new PredictionRecorder(jdbi, settings.recordQueue(), settings.recordRate());
        Predictor predictor = new Predictor(cache, recorder, clock);
        BatchScoringJob batchScoring = new BatchScoringJob(resolver, loaded, datasets, queue);
        workers.register(BatchScoringJob.KIND, batchScoring);
        this.api = new PredictionsApi(resolver, predictor, this::stats, new InferenceProtocolApi(resolver, predictor, repository),
                batchScoring);
    }

    public PredictionsApi api() {
        return api;
    }

    /** Counters for operators: cache hits and misses, recorder backlog and drops, loaded versions. */
    public Map<String, Object> stats() {
        CacheStats s = cache.stats();
        Map<String, Object> cacheStats = new LinkedHashMap<>();
        cacheStats.put("enabled", cache.enabled());
        cacheStats.put("size", cache.size());
        cacheStats.put("hits", s.hitCount());
        cacheStats.put("misses", s.missCount());
        cacheStats.put("hitRate", s.requestCount() == 0 ? 0.0 : s.hitRate());
        Map<String, Object> recording = new LinkedHashMap<>();
        recording.put("queued", recorder.queued());
        recording.put("written", recorder.written());
        recording.put("dropped", recorder.dropped());
        recording.put("failed", recorder.failed());
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> memory = loaded.describe();
        out.put("loadedModels", memory.get("versions"));
        out.put("modelMemory", Map.of("usedBytes", memory.get("usedBytes"), "budgetBytes", memory.get("budgetBytes")));
        out.put("cache", cacheStats);
        out.put("recording", recording);
        return out;
    }

    /** Stops background work; queued prediction records are written first. */
    @Override
    public void close() {
        try {
            resolver.close();
        } finally {
            recorder.close();
        }
    }
}
