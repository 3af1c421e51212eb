package io.vigil.server.serving.models;

import java.util.UUID;

/**
 * Which model a prediction asks for: the active model of a detection slot ({@code modelType}), or a
 * model by id or name, optionally at a given version (else its deployed, else its latest version).
 */
public record ModelSelector(String modelType, UUID modelId, String modelName, Integer version) {
    public static ModelSelector ofType(String modelType) {
        return new ModelSelector(modelType, null, null, null);
    }

    public static ModelSelector ofId(UUID modelId, Integer version) {
        return new ModelSelector(null, modelId, null, version);
    }

    public static ModelSelector ofName(String name, Integer version) {
        return new ModelSelector(null, null, name, version);
    }
}
