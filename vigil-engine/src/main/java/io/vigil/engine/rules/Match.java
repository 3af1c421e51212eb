package io.vigil.engine.rules;

import java.util.Locale;

/** Whether a rule or group needs all of its conditions or any one of them. */
public enum Match {
    ALL, ANY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
