package io.vigil.server.monitoring.experiments;

import java.util.UUID;

/** One model version, as an experiment names its champion and challenger. */
public record VersionRef(UUID modelId, Integer version) {
    @Override
    public String toString() {
        return modelId + " version " + version;
    }
}
