package io.vigil.server.models;

import java.util.List;
import java.util.UUID;

/**
 * What a prediction record for a version carries ({@code GET /ml/models/{id}/versions/{v}/inputs}):
 * each input, and the fields it ignores (its label first).
 */
public record ModelInputs(UUID modelId, int version, List<Input> inputs, List<String> ignored) {

    /**
     * One input: its {@code kind} as the pipeline reads it, its value {@code type}, and whether it is
     * {@code required} (optional ones the training data lacked in some rows).
     */
    public record Input(String name, String kind, String type, boolean required) {}
}
