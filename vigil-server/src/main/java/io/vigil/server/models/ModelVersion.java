package io.vigil.server.models;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One training run's immutable result: the bundle in storage, its metrics, artifacts and
 * provenance (dataset and its hash, parameters, seed, library versions, who started it).
 */
public record ModelVersion(
        UUID modelId,
        int version,
        String status,
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
        @JsonIgnore String bundleKey) {}
