package io.vigil.server.settings;

import io.vigil.server.core.FieldErrors;

/**
 * The {@code cache} section: the prediction cache's size and how long an entry stays, as the
 * {@code serving.cacheSize} and {@code serving.cacheTtlSeconds} start-time settings say them; put in
 * force by {@code serving.scoring.PredictionCache.resize}.
 *
 * @param size       entries at most; 0 turns the cache off
 * @param ttlSeconds how long a cached prediction is answered after it was computed
 */
public record CacheSettings(Long size, Integer ttlSeconds) {
    public static final String SECTION = "cache";
    /** The start-time settings' bounds (ConfigLoader's). */
    static final long MAX_SIZE = 100_000_000;
    static final int MAX_TTL_SECONDS = 86_400;

    public static FieldErrors validate(CacheSettings value) {
        FieldErrors errors = new FieldErrors();
        if (errors.required("size", value.size(), "entries at most, 0 for no cache")) {
            errors.integer("size", value.size(), 0, MAX_SIZE);
        }
        if (errors.required("ttlSeconds", value.ttlSeconds(), "how long an entry stays, in seconds")) {
            errors.integer("ttlSeconds", value.ttlSeconds(), 1, MAX_TTL_SECONDS);
        }
        return errors;
    }
}
