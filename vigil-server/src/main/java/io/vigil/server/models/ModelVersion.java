package io.vigil.server.models;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One training run's immutable result: the bundle in storage, its metrics, artifacts and
 * provenance (parameters, seed, library versions, who started it, and what the data was).
 *
 * @param provenance    the engine's provenance, whose {@code dataSha256} hashes the training rows as
 *                      read, with {@code dataset} (and {@code evaluationDataset}): what the datasets
 *                      were, kept after a forced delete of them
 * @param datasetSha256 SHA-256 of the training dataset's file as uploaded (its {@code sha256})
 */
public record ModelVersion(
        UUID modelId,
        int version,
        VersionStatus status,
        Map<String, Double> metrics,
        JsonNode provenance,
        JsonNode parameters,
        UUID datasetId,
        String datasetSha256,
        UUID jobId,
        JsonNode validation,
        String bundleSha256,
        long bundleSize,
        String createdBy,
        Instant createdAt,
        @JsonIgnore String bundleKey) {

    /** Whether the version came from a file trained elsewhere (an ONNX import): no dataset, no training settings. */
    @JsonIgnore
    public boolean imported() {
        return datasetId == null && parameters != null && parameters.has("imported");
    }
}
