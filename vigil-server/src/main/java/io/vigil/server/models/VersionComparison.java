package io.vigil.server.models;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Versions side by side ({@code GET /ml/models/{id}/versions?compare=1,2}): their hyperparameters
 * and metrics, each by name and then by version number.
 */
public record VersionComparison(UUID modelId, List<ModelVersion> versions, Map<String, Map<Integer, Object>> parameters,
                                Map<String, Map<Integer, Double>> metrics) {}
