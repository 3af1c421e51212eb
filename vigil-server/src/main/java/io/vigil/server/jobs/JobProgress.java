package io.vigil.server.jobs;

/**
 * How far a running job is.
 *
 * @param fraction    0 to 1
 * @param phase       what it is doing (e.g. {@code loading}, {@code training}); null before it says
 * @param round       current round (boosting iteration, fold, epoch); null when not applicable
 * @param totalRounds rounds in all; null when unknown
 */
public record JobProgress(double fraction, String phase, Integer round, Integer totalRounds) {
    public static final JobProgress NONE = new JobProgress(0, null, null, null);

    public JobProgress {
        if (Double.isNaN(fraction)) {
            fraction = 0;
        }
        fraction = Math.max(0, Math.min(1, fraction));
    }

    /** The same progress, complete. */
    JobProgress completed() {
        return new JobProgress(1, phase, round, totalRounds);
    }
}
