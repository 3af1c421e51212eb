package io.vigil.server.serving.scoring;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.vigil.engine.algorithms.ScoredRows;
import io.vigil.server.serving.models.ModelRef;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Recent model outputs, keyed by model version and the encoded feature vector: the pipeline has
 * already normalised field order, types, missing values and unseen categories, so two records that
 * encode alike are the same question. Size 0 turns it off.
 *
 * <p>{@link #resize} changes the size and time to live while predictions are served (the
 * {@code cache} runtime settings section), through Caffeine's own policy: a smaller size evicts
 * the least useful entries, a new time to live applies to the entries already there. Turning it
 * off drops every entry; turning it on again starts empty, with the hit and miss counts kept.
 */
public final class PredictionCache {
    private Cache<Key, ScoredRows> built; // made once, on first use; kept when turned off, for its counts
    private volatile Cache<Key, ScoredRows> cache; // null: off

    public PredictionCache(long maxSize, Duration ttl) {
        resize(maxSize, ttl);
    }

    /** Puts a new size (0: off) and time to live in force, for the lookups that come next. */
    public synchronized void resize(long maxSize, Duration ttl) {
        if (maxSize <= 0) {
            Cache<Key, ScoredRows> was = cache;
            cache = null;
            if (was != null) {
                was.invalidateAll();
            }
            return;
        }
        if (built == null) {
            built = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).recordStats().build();
        } else {
            built.policy().eviction().orElseThrow().setMaximum(maxSize);
            built.policy().expireAfterWrite().orElseThrow().setExpiresAfter(ttl);
        }
        cache = built;
    }

    /**
     * The cached output for {@code vector}, or {@code score}'s, cached. {@code vector} is copied when
     * kept; {@code score} must give rows that nobody changes afterwards (a copy).
     */
    ScoredRows get(ModelRef model, float[] vector, int length, Supplier<ScoredRows> score) {
        Cache<Key, ScoredRows> cache = this.cache;
        if (cache == null) {
            return score.get();
        }
        Key key = new Key(model.id(), model.version(), Arrays.copyOf(vector, length));
        ScoredRows hit = cache.getIfPresent(key);
        if (hit != null) {
            return hit;
        }
        ScoredRows fresh = score.get();
        cache.put(key, fresh);
        return fresh;
    }

    /**
     * Drops every output of the models {@code modelIds}, whatever their version: a deploy, rollback or
     * retire (here or on another instance) leaves nothing of theirs behind. Entries are keyed by
     * version too, so a missed call never serves one version's output for another's.
     */
    public void invalidate(java.util.Set<UUID> modelIds) {
        Cache<Key, ScoredRows> cache = this.cache;
        if (cache != null && !modelIds.isEmpty()) {
            cache.asMap().keySet().removeIf(k -> modelIds.contains(k.modelId));
        }
    }

    /** The entries held for {@code modelId}, all versions (a scan: for tests and operators, not the request path). */
    public long sizeOf(UUID modelId) {
        Cache<Key, ScoredRows> cache = this.cache;
        return cache == null ? 0 : cache.asMap().keySet().stream().filter(k -> k.modelId.equals(modelId)).count();
    }

    public boolean enabled() {
        return cache != null;
    }

    public long size() {
        Cache<Key, ScoredRows> cache = this.cache;
        return cache == null ? 0 : cache.estimatedSize();
    }

    /** Hits and misses since start (the counts survive turning the cache off and on). */
    public synchronized CacheStats stats() {
        return built == null ? CacheStats.empty() : built.stats();
    }

    /** The size limit in force (0: off). */
    public long maxSize() {
        Cache<Key, ScoredRows> cache = this.cache;
        return cache == null ? 0 : cache.policy().eviction().orElseThrow().getMaximum();
    }

    private static final class Key {
        private final UUID modelId;
        private final int version;
        private final float[] vector;
        private final int hash;

        Key(UUID modelId, int version, float[] vector) {
            this.modelId = modelId;
            this.version = version;
            this.vector = vector;
            this.hash = 31 * (31 * modelId.hashCode() + version) + Arrays.hashCode(vector);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.version == version && k.modelId.equals(modelId)
                    && Arrays.equals(k.vector, vector);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
