package io.vigil.engine.rules;

import java.util.Locale;

/** Whether the rules and the ML model disagree about a record beyond the margin, and which way. */
public enum Divergence {
    /** they agree, or the model type has no rules to disagree with */
    NONE,
    /** the rules say attack, the ML model says benign */
    RULES_ONLY,
    /** the ML model says attack, no rule says so */
    ML_ONLY;

    /** {@code none}, {@code rules_only}, {@code ml_only}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean divergent() {
        return this != NONE;
    }
}
