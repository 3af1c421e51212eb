package io.vigil.server.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigil.server.datasets.DatasetReference;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The answer of {@code POST /ml/models/{id}/validate}, stored on the version as its latest
 * validation: the metrics on the dataset, every gate with its outcome and the failed ones.
 *
 * @param dataset         the dataset as it was validated on (name, file, rows); absent from reports stored before it was kept
 * @param confusionMatrix absent for a detector without a label column
 */
public record ValidationReport(UUID modelId, int version, UUID datasetId, String datasetSha256,
                               @JsonInclude(JsonInclude.Include.NON_NULL) DatasetReference dataset, boolean passed,
                               Map<String, Double> metrics, Map<String, Double> thresholds, List<Gate> gates, List<Gate> failures,
                               @JsonInclude(JsonInclude.Include.NON_NULL) ConfusionCounts confusionMatrix, Instant validatedAt) {

    /**
     * One metric's gate: a {@code minimum}, or a {@code maximum} for a metric where lower is better,
     * the {@code actual} value and whether it {@code passed} (left out of the failures, which all failed).
     */
    public record Gate(String metric, @JsonInclude(JsonInclude.Include.NON_NULL) Double minimum,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Double maximum, Double actual,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Boolean passed) {

        Gate withoutOutcome() {
            return new Gate(metric, minimum, maximum, actual, null);
        }
    }
}
