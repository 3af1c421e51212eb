package io.vigil.server.serving.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.vigil.server.serving.scoring.FeaturesReader;
import io.vigil.server.serving.scoring.Instances;
import java.util.Map;
import java.util.UUID;

/**
 * The body of a prediction: which model (none of the selectors on {@code /ml/models/{id}/...}),
 * one record ({@code features}) or several ({@code instances}), and whether to explain; on
 * {@code batch-predict}, {@code datasetId} scores a stored dataset as a job instead.
 */
public record PredictRequest(String modelType, UUID modelId, String modelName, Integer version,
                             @JsonDeserialize(using = FeaturesReader.class) Map<String, Object> features, Instances instances,
                             Boolean explain, Integer topK, UUID datasetId) {}
