package io.vigil.server.serving;

import java.time.Duration;

/**
 * What serving is configured with.
 *
 * @param modelBudgetBytes  loaded model versions kept in memory up to this many bundle bytes
 * @param cacheSize         prediction cache entries (0 = no cache)
 * @param cacheTtl          how long a cached prediction stays
 * @param recordQueue       predictions waiting to be written for monitoring (0 = none are recorded)
 * @param recordRate        predictions per second the log takes at most (past it, it samples)
 * @param shadowQueue       copies of predictions waiting for an experiment's shadow (past it, copies are dropped and counted)
 * @param windowEntities    entities whose window features' state a model version keeps (the least recently seen forgotten past it)
 */
public record ServingSettings(long modelBudgetBytes, long cacheSize, Duration cacheTtl, int recordQueue, int recordRate,
                              int shadowQueue, int windowEntities) {

    /** Without a setting of its own for window features: {@value #DEFAULT_WINDOW_ENTITIES} entities per version. */
    public ServingSettings(long modelBudgetBytes, long cacheSize, Duration cacheTtl, int recordQueue, int recordRate, int shadowQueue) {
        this(modelBudgetBytes, cacheSize, cacheTtl, recordQueue, recordRate, shadowQueue, DEFAULT_WINDOW_ENTITIES);
    }

    public static final int DEFAULT_WINDOW_ENTITIES = 100_000;
}
