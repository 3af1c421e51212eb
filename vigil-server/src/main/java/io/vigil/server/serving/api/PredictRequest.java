package io.vigil.server.serving.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.vigil.server.serving.scoring.FeaturesReader;
import io.vigil.server.serving.scoring.Instances;
import java.util.Map;
import java.util.UUID;

/**
 * The body of a prediction: which model (none of the selectors on {@code /ml/models/{id}/...}),
 * one record ({@code features}) or several ({@code instances}), and whether to explain; on
 * {@code batch-predict}, {@code datasetId} scores a stored dataset as a job instead. With {@code entity},
 * the record's fields it lacks come from the feature store's latest values of that entity.
 */
public record PredictRequest(String modelType, UUID modelId, String modelName, Integer version,
                             @JsonDeserialize(using = FeaturesReader.class) Map<String, Object> features, Instances instances,
                             Boolean explain, Integer topK, UUID datasetId, EntityRef entity) {

    /**
     * The entity whose latest feature values fill the record's missing fields: the feature store's
     * definition ({@code features}) and the entity's key (several key parts joined by commas).
     */
    public record EntityRef(String features, String key) {}
}
