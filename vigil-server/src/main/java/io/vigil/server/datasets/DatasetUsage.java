package io.vigil.server.datasets;

import java.util.List;
import java.util.UUID;

/**
 * Who still needs a dataset: the model versions that name it (their provenance and validations
 * point at it) and the queued or running jobs that will read it.
 */
public record DatasetUsage(List<VersionUse> versions, List<JobUse> jobs) {

    /** A model version and how it used the dataset: {@code trained on}, {@code evaluated on}, {@code validated on}. */
    public record VersionUse(UUID modelId, String modelName, int version, List<String> uses) {
        @Override
        public String toString() {
            return modelName + " v" + version + " (" + String.join(", ", uses) + " it)";
        }
    }

    /** A job that has yet to read the dataset, or is reading it. */
    public record JobUse(UUID jobId, String kind, String state) {
        @Override
        public String toString() {
            return kind + " job " + jobId + " (" + state + ")";
        }
    }
}
