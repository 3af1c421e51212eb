package io.vigil.server.monitoring.experiments;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.BinomialTest;
import org.apache.commons.statistics.inference.ChiSquareTest;

/**
 * The tests that compare two arms, each from a maintained library where one exists
 * (commons-statistics): independent proportions (A/B), paired proportions (shadow: both versions
 * judged on the same rows), and F1, which is not a proportion. Differences are challenger minus
 * champion.
 */
final class ArmTests {
    private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);

    private ArmTests() {}

    /**
     * Two independent proportions, {@code x1/n1} (the champion) and {@code x2/n2}: the p-value of
     * Pearson's chi-square test on the 2x2 table without continuity correction (the square of the
     * pooled two-proportion z statistic, so the same p-value), and Newcombe's hybrid score interval
     * of the difference (Newcombe 1998, method 10: from the two Wilson score intervals).
     */
    static Comparison twoProportions(long x1, long n1, long x2, long n2, double level) {
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double z = z(level);
        double[] w1 = wilson(x1, n1, z);
        double[] w2 = wilson(x2, n2, z);
        double d = p2 - p1;
        double low = d - Math.sqrt(square(p2 - w2[0]) + square(w1[1] - p1));
        double high = d + Math.sqrt(square(w2[1] - p2) + square(p1 - w1[0]));
        double p;
        if (x1 + x2 == 0 || x1 + x2 == n1 + n2) {
            p = 1; // every row a success (or none) in both arms: nothing tells them apart
        } else {
            p = ChiSquareTest.withDefaults().test(new long[][] {{x1, n1 - x1}, {x2, n2 - x2}}).getPValue();
        }
        return new Comparison(d, p, low, high, level, "two-proportion: Pearson chi-square on the 2x2 table (1 df)",
                "Newcombe hybrid score (Wilson)");
    }

    /**
     * Two proportions measured on the same rows (a shadow judged beside the champion): only the rows
     * where they differ tell, {@code championOnly} right for the champion alone and
     * {@code challengerOnly} for the challenger alone, out of {@code n}. The p-value is McNemar's
     * exact test (a binomial test of those rows against one half); the interval is Wald's for a
     * paired difference (Agresti, Categorical Data Analysis, 2nd ed., 10.1.1).
     */
    static Comparison paired(long championOnly, long challengerOnly, long n, double level) {
        long discordant = championOnly + challengerOnly;
        double d = (double) (challengerOnly - championOnly) / n;
        double se = Math.sqrt(Math.max(0, discordant - square(challengerOnly - championOnly) / (double) n)) / n;
        double half = z(level) * se;
        double p = discordant == 0 ? 1 : BinomialTest.withDefaults().test((int) discordant, (int) challengerOnly, 0.5).getPValue();
        return new Comparison(d, p, d - half, d + half, level, "McNemar exact (binomial test of the discordant rows)",
                "Wald, paired difference");
    }

    /**
     * F1 of two independent arms: F1 = 2TP / (2TP + FP + FN) is not a proportion, so its variance is
     * the delta method's over the multinomial counts, 4 TP (FP + FN) (TP + FP + FN) / (2TP + FP + FN)^4
     * (true negatives do not enter it); the p-value is the normal test of the difference over its
     * standard error, the interval Wald's.
     */
    static Comparison f1(ArmCounts champion, ArmCounts challenger, double level) {
        double d = challenger.f1() - champion.f1();
        double se = Math.sqrt(f1Variance(champion) + f1Variance(challenger));
        double half = z(level) * se;
        double p = se == 0 ? (d == 0 ? 1 : 0) : 2 * NORMAL.survivalProbability(Math.abs(d) / se);
        return new Comparison(d, p, d - half, d + half, level, "z-test of the F1 difference (delta method)", "Wald (delta method)");
    }

    /** The delta method's variance of an arm's F1 estimate. */
    static double f1Variance(ArmCounts a) {
        double tp = a.truePositives();
        double errors = a.falsePositives() + a.falseNegatives();
        double d = 2 * tp + errors;
        return d == 0 ? 0 : 4 * tp * errors * (tp + errors) / Math.pow(d, 4);
    }

    /** Wilson's score interval of {@code x/n} at normal quantile {@code z}: {low, high}. */
    static double[] wilson(long x, long n, double z) {
        double z2 = z * z;
        double center = (x + z2 / 2) / (n + z2);
        double half = z / (n + z2) * Math.sqrt((double) x * (n - x) / n + z2 / 4);
        return new double[] {center - half, center + half};
    }

    /** The two-sided normal quantile of {@code level}: 1.96 for 0.95. */
    static double z(double level) {
        return NORMAL.inverseSurvivalProbability((1 - level) / 2);
    }

    private static double square(double v) {
        return v * v;
    }
}
