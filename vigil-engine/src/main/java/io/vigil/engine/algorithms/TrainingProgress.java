package io.vigil.engine.algorithms;

/**
 * A progress report.
 *
 * @param fraction  work done, 0 to 1
 * @param round     rounds (boosting iterations or trees) finished so far
 * @param rounds    rounds planned
 * @param message   short human-readable status, e.g. {@code "round 12/100"}
 */
public record TrainingProgress(double fraction, int round, int rounds, String message) {
}
