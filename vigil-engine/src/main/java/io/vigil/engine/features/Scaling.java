package io.vigil.engine.features;

/** How numeric features are rescaled (linear models and neural nets need it, trees do not). */
public enum Scaling {
    NONE,
    /** (x - mean) / standard deviation. */
    STANDARD,
    /** (x - min) / (max - min), so training values land in [0, 1]. */
    MIN_MAX
}
