package io.vigil.server.serving.models;

import java.util.List;
import java.util.UUID;

/** The versions in memory, least recently used first, with the bytes in use and the budget. */
public record LoadedVersions(List<Version> versions, long usedBytes, long budgetBytes) {

    /** A version in memory and the bytes it counts against the budget. */
    public record Version(UUID modelId, String name, String modelType, int version, long bytes) {}
}
