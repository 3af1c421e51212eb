package io.vigil.server.serving.models;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The part an experiment gave a prediction: made by the deployed {@code champion}, by the
 * {@code challenger} (A/B: it answered the caller), or as the challenger's {@code shadow} copy of a
 * champion's prediction (answered nobody). Stored and shown as {@link #wire()}.
 */
public enum Arm {
    CHAMPION, CHALLENGER, SHADOW;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
