package io.vigil.server.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where one {@link ModelVersion} stands: {@code trained} by its job, {@code validated} once it
 * passed its gates, {@code deployed} while it serves its slot (back to {@code validated} when
 * replaced), {@code retired} with its model. Stored and shown as its {@link #label()}.
 */
public enum VersionStatus {
    TRAINED, VALIDATED, DEPLOYED, RETIRED;

    /** Whether a deploy may put this version in place: it passed validation (or serves already). */
    public boolean isDeployable() {
        return this == VALIDATED || this == DEPLOYED;
    }

    /** The text stored in {@code model_versions.status} and shown in answers. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static VersionStatus parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return label();
    }
}
