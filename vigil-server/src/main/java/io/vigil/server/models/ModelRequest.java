package io.vigil.server.models;

import static io.vigil.server.core.RequestLimits.COLUMNS;
import static io.vigil.server.core.RequestLimits.DATA_NAME_LENGTH;
import static io.vigil.server.core.RequestLimits.COLUMNS;
import static io.vigil.server.core.RequestLimits.DATA_NAME_LENGTH;

import io.vigil.engine.windows.WindowFeature;
import io.vigil.engine.windows.WindowSpec;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.RequestLimits;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /ml/models} and {@code PUT /ml/models/{id}}; on PUT, null means unchanged
 * (and {@code "windows": {}} removes the window features).
 */
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
        String owner,
        WindowSpec windows) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,"
            + (RequestLimits.MODEL_NAME_LENGTH - 1) + "}");

    /**
     * The same request with its column names trimmed, as an upload stores header names: CIC-IDS2017's
     * label column is {@code " Label"} in the file and {@code Label} in the dataset, and a user who
     * names it as the file does must still find it.
     */
    public ModelRequest withColumnNamesTrimmed() {
        return new ModelRequest(modelName, modelType, algorithm, hyperparameters, trimmed(features), trimmed(dropColumns),
                targetVariable == null ? null : targetVariable.strip(), binarize, description, tags, predictionCache, owner, windows);
    }

    /** Whether {@code windows} is given empty ({@code {}}): on PUT, the model drops its window features. */
    boolean windowsCleared() {
        return windows != null && windows.keys() == null && windows.time() == null && windows.features() == null
                && windows.timeZone() == null && windows.maxEventsPerEntity() == null && windows.keysAsInputs() == null
                && windows.timeAsInput() == null;
    }

    /**
     * The fields' own sizes and text (their JSON types the reader checked); whether they fit the
     * algorithm and each other is the service's to check. {@code creating}: the names are required.
     */
    void check(FieldErrors errors, boolean creating) {
        if (creating) {
            errors.required("modelName", modelName, "is required");
            errors.required("algorithm", algorithm, "is required");
        }
        if (modelName != null && !NAME.matcher(modelName).matches()) {
            errors.add("modelName", "use 1-" + RequestLimits.MODEL_NAME_LENGTH
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (modelType != null && !NAME.matcher(modelType).matches()) {
            errors.add("modelType", "use letters, digits, '.', '_' or '-' (e.g. intrusion, fraud, host-anomaly)");
        }
        errors.name("algorithm", algorithm, RequestLimits.MODEL_NAME_LENGTH);
        if (errors.size("hyperparameters", hyperparameters, RequestLimits.HYPERPARAMETERS)) {
            errors.storable("hyperparameters", hyperparameters);
        }
        errors.names("features", features, COLUMNS, DATA_NAME_LENGTH);
        errors.names("dropColumns", dropColumns, COLUMNS, DATA_NAME_LENGTH);
        errors.name("targetVariable", targetVariable, DATA_NAME_LENGTH);
        if (binarize != null) {
            binarize.check(errors);
        }
        errors.text("description", description, RequestLimits.DESCRIPTION_LENGTH);
        errors.names("tags", tags, RequestLimits.TAGS, RequestLimits.TAG_LENGTH);
        errors.name("owner", owner, RequestLimits.NAME_LENGTH);
        if (windows != null && errors.storable("windows", io.vigil.server.core.Json.MAPPER.convertValue(windows, Map.class))) {
            errors.names("windows.keys", windows.keys(), COLUMNS, DATA_NAME_LENGTH);
            errors.name("windows.time", windows.time(), DATA_NAME_LENGTH);
            List<WindowFeature> features = windows.features() == null ? List.of() : windows.features();
            for (int i = 0; i < features.size() && i <= WindowSpec.MAX_FEATURES; i++) {
                if (features.get(i) == null) continue; // the spec's own checks name it
                errors.name("windows.features[" + i + "].column", features.get(i).column(), DATA_NAME_LENGTH);
                errors.name("windows.features[" + i + "].name", features.get(i).name(), DATA_NAME_LENGTH);
            }
        }
    }

    private static List<String> trimmed(List<String> names) {
        return names == null ? null : names.stream().map(n -> n == null ? null : n.strip()).toList();
    }
}
