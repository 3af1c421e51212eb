package io.vigil.server.serving.models;

import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.server.core.VigilException;
import io.vigil.server.models.ModelBundles;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.models.ModelVersion;
import io.vigil.server.models.RegisteredModel;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model versions kept in memory, each read from its bundle once (concurrent requests for the same
 * version wait for the one load). Past the budget (bytes of bundle, plus explanation tables once
 * a version has explained something; checked at each load), the least recently used versions are
 * dropped; an active version stays reachable through {@link ModelResolver}, so only inactive ones
 * really leave memory. Only model resolution comes here, not every request, so one
 * lock is cheap.
 */
public final class LoadedModels {
    private static final Logger log = LoggerFactory.getLogger(LoadedModels.class);

    /** A model version's identity. */
    public record Key(UUID modelId, int version) {}

    private final Function<Key, LoadedModel> loader;
    private final long budgetBytes;
    private final Map<Key, LoadedModel> lru = new LinkedHashMap<>(16, 0.75f, true); // access order: eldest = least recent
    private final ConcurrentHashMap<Key, CompletableFuture<LoadedModel>> loading = new ConcurrentHashMap<>();

    public LoadedModels(ModelRepository repository, ModelBundles bundles, long budgetBytes) {
        this(repository, bundles, budgetBytes, new WindowStates(WindowStates.RecordedEvents.NONE, 100_000, java.time.Clock.systemUTC()));
    }

    /** @param windows the state of versions with window features, restored when a version is first loaded */
    public LoadedModels(ModelRepository repository, ModelBundles bundles, long budgetBytes, WindowStates windows) {
        this(key -> load(repository, bundles, windows, key), budgetBytes);
    }

    LoadedModels(Function<Key, LoadedModel> loader, long budgetBytes) {
        this.loader = loader;
        this.budgetBytes = budgetBytes;
    }

    /** The version, loading its bundle on first use. */
    public LoadedModel get(UUID modelId, int version) {
        Key key = new Key(modelId, version);
        synchronized (this) {
            LoadedModel m = lru.get(key);
            if (m != null) {
                return m;
            }
        }
        CompletableFuture<LoadedModel> mine = new CompletableFuture<>();
        CompletableFuture<LoadedModel> running = loading.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            LoadedModel m;
            synchronized (this) {
                m = lru.get(key); // loaded by another thread between our two looks
            }
            if (m == null) {
                m = loader.apply(key);
                keep(key, m);
            }
            mine.complete(m);
            return m;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(key, mine);
        }
    }

    /** Loaded versions, least recently used first. */
    public synchronized List<Key> loaded() {
        return List.copyOf(lru.keySet());
    }

    /**
     * For operators: each loaded version, least recently used first, with the bytes it counts
     * against the budget; then the bytes in use and the budget.
     */
    public synchronized LoadedVersions describe() {
        List<LoadedVersions.Version> versions = lru.values().stream().map(m -> new LoadedVersions.Version(m.ref().id(),
                m.ref().name(), m.modelType(), m.ref().version(), m.memoryBytes())).toList();
        return new LoadedVersions(versions, usedBytes(), budgetBytes);
    }

    private synchronized void keep(Key key, LoadedModel m) {
        lru.put(key, m);
        long used = usedBytes(); // summed afresh: a version's explanation tables are built after its load
        for (Iterator<Map.Entry<Key, LoadedModel>> it = lru.entrySet().iterator(); used > budgetBytes && lru.size() > 1; ) {
            Map.Entry<Key, LoadedModel> eldest = it.next();
            if (eldest.getKey().equals(key)) {
                continue; // the version just asked for stays
            }
            it.remove();
            used -= eldest.getValue().memoryBytes();
            log.atInfo().addKeyValue("modelId", eldest.getKey().modelId()).addKeyValue("version", eldest.getKey().version())
                    .addKeyValue("loadedBytes", used).addKeyValue("budgetBytes", budgetBytes)
                    .log("least recently used model version unloaded");
        }
    }

    private long usedBytes() {
        return lru.values().stream().mapToLong(LoadedModel::memoryBytes).sum();
    }

    private static LoadedModel await(CompletableFuture<LoadedModel> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static LoadedModel load(ModelRepository repository, ModelBundles bundles, WindowStates windows, Key key) {
        long begin = System.nanoTime();
        record Found(RegisteredModel model, ModelVersion version) {}
        Found found = repository.withHandle(h -> {
            RegisteredModel m = repository.find(h, key.modelId())
                    .orElseThrow(() -> VigilException.notFound("no model with id " + key.modelId()));
            ModelVersion v = repository.version(h, key.modelId(), key.version())
                    .orElseThrow(() -> VigilException.notFound("model " + m.modelName() + " has no version " + key.version()));
            return new Found(m, v);
        });
        // the bundle is read with no database connection held
        TrainedModel trained = bundles.load(found.version());
        RegisteredModel m = found.model();
        ModelVersion v = found.version();
        LoadedModel loaded = LoadedModel.of(new ModelRef(m.id(), m.modelName(), v.version()), m.modelType(), trained,
                v.bundleSize(), m.predictionCache(), trained.windows() == null ? null : windows.of(key, trained.windows()));
        log.atInfo().addKeyValue("modelId", m.id()).addKeyValue("name", m.modelName()).addKeyValue("version", v.version())
                .addKeyValue("bundleBytes", v.bundleSize()).addKeyValue("loadMs", (System.nanoTime() - begin) / 1_000_000)
                .log("model version loaded");
        return loaded;
    }
}
