package io.vigil.server.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.UUID;

/**
 * A training job's result: the version it recorded, its metrics, the hyperparameters it trained
 * with (the search's pick when tuned), when tuned, what the search tried, and where it trained:
 * the engine ({@code local} or a backend such as {@code spark}) and, for a backend, its location
 * (e.g. Spark's master, {@code local[2]} or {@code spark://host:7077}).
 */
public record TrainingResult(UUID modelId, int version, Map<String, Double> metrics, Map<String, Object> hyperparameters,
                             @JsonInclude(JsonInclude.Include.NON_NULL) TuningReport tuning, String engine,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String ranOn) {}
