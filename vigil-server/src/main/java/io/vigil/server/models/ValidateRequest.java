package io.vigil.server.models;

import java.util.Map;
import java.util.UUID;

/** The body of {@code POST /ml/models/{id}/validate}: which version, on which dataset, with which gates. */
public record ValidateRequest(Integer version, UUID datasetId, Map<String, Double> thresholds) {}
