package io.vigil.server.models;

/** The body of {@code POST /ml/models/{id}/deploy}: the version (default: the latest validated one). */
public record DeployRequest(Integer version) {}
