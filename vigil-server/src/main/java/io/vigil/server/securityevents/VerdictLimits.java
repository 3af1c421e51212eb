package io.vigil.server.securityevents;

/**
 * A model type's thresholds for its verdicts: at or above {@code event} a verdict becomes a
 * security event (a rule that fired makes one whatever its score), at or above {@code critical} a
 * critical one; the model and the rules diverge when one says attack and the other is more than
 * {@code divergenceMargin} below the event threshold.
 */
public record VerdictLimits(double event, double critical, double divergenceMargin) {
    public static final VerdictLimits DEFAULT = new VerdictLimits(0.5, 0.9, 0.3);

    /** Where the limits of each model type come from (the runtime settings' {@code thresholds} section). */
    @FunctionalInterface
    public interface Source {
        VerdictLimits of(String modelType);
    }
}
