package io.vigil.server.serving.api;

import io.vigil.server.serving.models.LoadedVersions;
import java.util.List;

/**
 * {@code GET /ml/serving/stats}, for operators: the versions in memory (least recently used first),
 * the memory they count against the budget, the prediction cache and the prediction log's backlog.
 */
public record ServingStats(List<LoadedVersions.Version> loadedModels, Memory modelMemory, Cache cache, Recording recording) {

    public record Memory(long usedBytes, long budgetBytes) {}

    public record Cache(boolean enabled, long size, long hits, long misses, double hitRate) {}

    /** Predictions waiting for the log, written, dropped under load, and failed to write. */
    public record Recording(long queued, long written, long dropped, long failed) {}
}
