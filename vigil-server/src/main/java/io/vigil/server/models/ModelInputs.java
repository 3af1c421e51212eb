package io.vigil.server.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * What a prediction record for a version carries ({@code GET /ml/models/{id}/versions/{v}/inputs}):
 * each input, and the fields it ignores (its label first). For a model with window features,
 * {@code computed} lists them: the server computes them from the entity's events, and a record carries
 * the raw event instead (its key fields and time are then inputs; null without window features).
 */
public record ModelInputs(UUID modelId, int version, List<Input> inputs, List<String> ignored,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<String> computed) {

    public ModelInputs(UUID modelId, int version, List<Input> inputs, List<String> ignored) {
        this(modelId, version, inputs, ignored, null);
    }

    /**
     * One input: its {@code kind} as the pipeline reads it, its value {@code type}, and whether it is
     * {@code required} (optional ones the training data lacked in some rows).
     */
    public record Input(String name, String kind, String type, boolean required) {}
}
