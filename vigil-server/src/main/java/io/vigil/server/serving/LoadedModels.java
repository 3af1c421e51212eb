package io.vigil.server.serving;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.server.http.ApiException;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.models.ModelService;
import io.vigil.server.models.ModelVersion;
import io.vigil.server.models.RegisteredModel;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model versions kept in memory, each read from its bundle once (concurrent requests for the same
 * version wait for the one load). Past the budget, the least recently used versions are dropped;
 * an active version stays reachable through {@link ModelResolver}, so only inactive ones really go.
 */
public final class LoadedModels {
    private static final Logger log = LoggerFactory.getLogger(LoadedModels.class);

    /** A model version's identity. */
    public record Key(UUID modelId, int version) {}

    private final ModelRepository repository;
    private final ModelService models;
    private final LoadingCache<Key, LoadedModel> cache;

    public LoadedModels(ModelRepository repository, ModelService models, long budgetBytes) {
        this.repository = repository;
        this.models = models;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(budgetBytes)
                .weigher((Key k, LoadedModel m) -> (int) Math.min(Integer.MAX_VALUE, Math.max(1, m.weight())))
                .removalListener((Key k, LoadedModel m, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        log.atInfo().addKeyValue("modelId", k.modelId()).addKeyValue("version", k.version())
                                .addKeyValue("cause", cause).log("model version unloaded");
                    }
                })
                .build(this::load);
    }

    /** The version, loading its bundle on first use. */
    public LoadedModel get(UUID modelId, int version) {
        return cache.get(new Key(modelId, version));
    }

    public List<Key> loaded() {
        return List.copyOf(cache.asMap().keySet());
    }

    private LoadedModel load(Key key) {
        long begin = System.nanoTime();
        record Found(RegisteredModel model, ModelVersion version) {}
        Found found = repository.withHandle(h -> {
            RegisteredModel m = repository.find(h, key.modelId())
                    .orElseThrow(() -> ApiException.notFound("no model with id " + key.modelId()));
            ModelVersion v = repository.version(h, key.modelId(), key.version())
                    .orElseThrow(() -> ApiException.notFound("model " + m.modelName() + " has no version " + key.version()));
            return new Found(m, v);
        });
        // the bundle is read with no database connection held
        TrainedModel trained = models.loadBundle(found.version());
        RegisteredModel m = found.model();
        ModelVersion v = found.version();
        LoadedModel loaded = LoadedModel.of(new ModelRef(m.id(), m.modelName(), v.version()), m.modelType(), trained,
                v.bundleSize());
        log.atInfo().addKeyValue("modelId", m.id()).addKeyValue("name", m.modelName()).addKeyValue("version", v.version())
                .addKeyValue("bundleBytes", v.bundleSize()).addKeyValue("loadMs", (System.nanoTime() - begin) / 1_000_000)
                .log("model version loaded");
        return loaded;
    }
}
