package io.vigil.server.models;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigil.engine.windows.WindowSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A model in the registry: what to train (algorithm, hyperparameters, features, target) for which
 * detection slot ({@code modelType}), and where it is in its lifecycle. {@code predictionCache} false
 * keeps its predictions out of the serving cache (for models whose inputs never repeat). {@code windows},
 * when set, are per-entity window features computed from the training events and, at serving, from each
 * record's raw event (null without any). Trained results are its {@link ModelVersion}s.
 */
public record RegisteredModel(
        UUID id,
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
        boolean predictionCache,
        ModelStatus status,
        Integer latestVersion,
        Integer deployedVersion,
        String owner,
        Instant createdAt,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) WindowSpec windows) {

    /** A model without window features. */
    public RegisteredModel(UUID id, String modelName, String modelType, String algorithm, Map<String, Object> hyperparameters,
                           List<String> features, List<String> dropColumns, String targetVariable, Binarize binarize,
                           String description, List<String> tags, boolean predictionCache, ModelStatus status, Integer latestVersion,
                           Integer deployedVersion, String owner, Instant createdAt, Instant updatedAt) {
        this(id, modelName, modelType, algorithm, hyperparameters, features, dropColumns, targetVariable, binarize, description, tags,
                predictionCache, status, latestVersion, deployedVersion, owner, createdAt, updatedAt, null);
    }

    /** The same model learning {@code target}: a classifier defined without one adopts its first dataset's label column. */
    RegisteredModel withTargetVariable(String target) {
        return new RegisteredModel(id, modelName, modelType, algorithm, hyperparameters, features, dropColumns, target, binarize,
                description, tags, predictionCache, status, latestVersion, deployedVersion, owner, createdAt, updatedAt, windows);
    }

    /** How {@link #binarize} rewrites a label as data is read; null without one (labels as they are). */
    @JsonIgnore
    public UnaryOperator<String> labelMapping() {
        return binarize == null ? null : binarize::apply;
    }
}
