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
        String owner) {

    /**
     * The same request with its column names trimmed, as an upload stores header names: CIC-IDS2017's
     * label column is {@code " Label"} in the file and {@code Label} in the dataset, and a user who
     * names it as the file does must still find it.
     */
    public ModelRequest withColumnNamesTrimmed() {
        return new ModelRequest(modelName, modelType, algorithm, hyperparameters, trimmed(features), trimmed(dropColumns),
                targetVariable == null ? null : targetVariable.strip(), binarize, description, tags, predictionCache, owner);
    }

    private static List<String> trimmed(List<String> names) {
        return names == null ? null : names.stream().map(n -> n == null ? null : n.strip()).toList();
    }
}
