package io.vigil.server.serving.models;

import java.util.UUID;

/** Which model answered a prediction: shown in every response and recorded with it. */
public record ModelRef(UUID id, String name, int version) {}
