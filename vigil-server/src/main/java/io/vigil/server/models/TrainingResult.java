package io.vigil.server.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.UUID;

/**
 * A training job's result: the version it recorded, its metrics, the hyperparameters it trained
 * with (the search's pick when tuned) and, when tuned, what the search tried.
 */
public record TrainingResult(UUID modelId, int version, Map<String, Double> metrics, Map<String, Object> hyperparameters,
                             @JsonInclude(JsonInclude.Include.NON_NULL) TuningReport tuning) {}
