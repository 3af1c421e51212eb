package io.vigil.engine.anomaly;

import org.apache.commons.numbers.gamma.Erfc;

/**
 * Turns a stream of raw anomaly scores (any non-negative surprise, on any scale) into how unlikely
 * the recent ones are, after the idea of Numenta's anomaly likelihood (Ahmad, Lavin, Purdy, Agha
 * 2017): the mean of the last {@code averaging} raw scores is compared with the distribution of that
 * same mean over the last {@code historic} points (a normal fitted to it), and its upper tail
 * probability {@code p} is reported on a log scale, {@code log(p + 1e-10) / log(1e-10)}: 0 for an
 * ordinary score, 0.5 for {@code p = 1e-5}, 1 for {@code p <= 1e-10}. Scores on different streams
 * become comparable however their raw scores are spread, which is what lets one threshold serve
 * every stream. During the first {@code learning} points the answer is 0.
 */
final class AnomalyLikelihood {

    private static final double EPSILON = 1e-10;
    private static final double LOG_EPSILON = Math.log(EPSILON);

    private final double[] recent;
    private final RollingWindow averages;
    private final int learning;
    private final double minSd;
    private int count;
    private double recentSum;

    /**
     * @param averaging how many recent raw scores are averaged (1 judges each point alone)
     * @param historic  how many past averages the normal is fitted to
     * @param learning  how many points before the first non-zero answer (at least 2)
     * @param minSd     the smallest standard deviation assumed for the averages (a stream whose raw
     *                  scores never move would otherwise make the least change infinitely unlikely)
     */
    AnomalyLikelihood(int averaging, int historic, int learning, double minSd) {
        this.recent = new double[averaging];
        this.averages = new RollingWindow(historic);
        this.learning = Math.max(2, learning);
        this.minSd = minSd;
    }

    /** The likelihood score of the newest raw score, in [0, 1]. */
    double update(double raw) {
        int slot = count % recent.length;
        recentSum += raw - recent[slot];
        recent[slot] = raw;
        count++;
        double average = recentSum / Math.min(count, recent.length);
        double score = 0;
        if (count > learning) {
            double z = (average - averages.mean()) / Math.max(averages.sd(), minSd);
            score = logScaled(0.5 * Erfc.value(z / Math.sqrt(2)));
        }
        averages.add(average);
        return score;
    }

    /** {@code log(p + 1e-10) / log(1e-10)}, clamped to [0, 1]. */
    static double logScaled(double p) {
        return Math.max(0, Math.min(1, Math.log(p + EPSILON) / LOG_EPSILON));
    }
}
