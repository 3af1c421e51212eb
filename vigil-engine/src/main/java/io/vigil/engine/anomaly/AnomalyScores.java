package io.vigil.engine.anomaly;

import java.util.Arrays;

/** Helpers shared by detectors: the contamination threshold and isolation-forest normalisation. */
public final class AnomalyScores {
    private AnomalyScores() {
    }

    /**
     * Average path length of an unsuccessful binary-search-tree search over {@code n} points,
     * {@code c(n) = 2 H(n-1) - 2 (n-1) / n} (Liu, Ting, Zhou 2008); c(1) = 0, c(2) = 1.
     */
    public static double averagePathLength(long n) {
        if (n <= 1) return 0;
        if (n == 2) return 1;
        double harmonic = Math.log(n - 1.0) + 0.5772156649015329;
        return 2 * harmonic - 2.0 * (n - 1) / n;
    }

    /** The score above which a {@code contamination} share of {@code scores} lies. */
    public static double threshold(double[] scores, double contamination) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        int index = (int) Math.floor((1 - contamination) * (sorted.length - 1));
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
