package io.vigil.server.models;

import io.vigil.server.core.FieldErrors;

/** The body of {@code POST /ml/models/{id}/deploy}: the version (default: the latest validated one). */
public record DeployRequest(Integer version) {

    /** A 400 unless the version, if given, can be one. */
    void check() {
        FieldErrors errors = new FieldErrors();
        errors.integer("version", version, 1, Integer.MAX_VALUE);
        errors.throwIfAny();
    }
}
