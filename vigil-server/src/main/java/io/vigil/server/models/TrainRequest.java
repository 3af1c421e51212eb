package io.vigil.server.models;

import java.util.Map;
import java.util.UUID;

/**
 * The body of {@code POST /ml/models/{id}/train}: the dataset, how to hold out test data (a
 * stratified fraction, or a separate dataset), optional hyperparameter overrides and search, queue priority,
 * seed and time limit.
 */
public record TrainRequest(UUID datasetId, Double trainTestSplit, UUID validationDatasetId,
                           Map<String, Object> hyperparameters, Tuning tuning, Integer priority, Long seed,
                           Integer timeLimitSeconds) {}
