package io.vigil.server.jobs;

import java.util.UUID;

/** Which jobs to list; a null field does not filter. */
public record JobFilter(JobState state, UUID modelId, String kind) {
    public static final JobFilter ALL = new JobFilter(null, null, null);

    public static JobFilter ofModel(UUID modelId) {
        return new JobFilter(null, modelId, null);
    }
}
