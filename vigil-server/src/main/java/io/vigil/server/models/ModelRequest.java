package io.vigil.server.models;

import java.util.List;
import java.util.Map;

/** The body of {@code POST /ml/models} and {@code PUT /ml/models/{id}}; on PUT, null means unchanged. */
public record ModelRequest(
        String modelName,
        String modelType,
        String algorithm,
        Map<String, Object> hyperparameters,
        List<String> features,
        List<String> dropColumns,
        String targetVariable,
        Binarize binarize,
        String description,
        List<String> tags,
        Boolean predictionCache,
        String owner) {}
