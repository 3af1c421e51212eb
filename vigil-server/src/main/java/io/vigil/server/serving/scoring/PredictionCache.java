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
 */
public final class PredictionCache {
    private final Cache<Key, ScoredRows> cache;

    public PredictionCache(long maxSize, Duration ttl) {
        this.cache = maxSize <= 0 ? null : Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).recordStats().build();
    }

    /**
     * The cached output for {@code vector}, or {@code score}'s, cached. {@code vector} is copied when
     * kept; {@code score} must give rows that nobody changes afterwards (a copy).
     */
    ScoredRows get(ModelRef model, float[] vector, int length, Supplier<ScoredRows> score) {
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

    public boolean enabled() {
        return cache != null;
    }

    public long size() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    public CacheStats stats() {
        return cache == null ? CacheStats.empty() : cache.stats();
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
