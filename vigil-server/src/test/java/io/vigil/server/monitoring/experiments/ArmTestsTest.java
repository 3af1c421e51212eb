package io.vigil.server.monitoring.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** The arm comparisons against published worked examples, and F1's delta-method variance against simulation. */
class ArmTestsTest {

    /**
     * Newcombe, R. G. (1998), "Interval estimation for the difference between independent
     * proportions: comparison of eleven methods", Statistics in Medicine 17, 873-890, Table II,
     * method 10 (hybrid score, no continuity correction): (a) 56/70 - 48/80: 0.0524 to 0.3339;
     * (b) 9/10 - 3/10: 0.1705 to 0.8090; (d) 5/56 - 0/29: -0.0381 to 0.1926; (e) 0/10 - 0/20:
     * -0.1611 to 0.2775. The arms here are the other way round (challenger minus champion), so the
     * published first proportion is the challenger.
     */
    @Test
    void newcombesHybridScoreIntervalsMatchHisTable() {
        assertInterval(ArmTests.twoProportions(48, 80, 56, 70, 0.95), 0.0524, 0.3339);
        assertInterval(ArmTests.twoProportions(3, 10, 9, 10, 0.95), 0.1705, 0.8090);
        assertInterval(ArmTests.twoProportions(0, 29, 5, 56, 0.95), -0.0381, 0.1926);
        assertInterval(ArmTests.twoProportions(0, 20, 0, 10, 0.95), -0.1611, 0.2775);
        assertThat(ArmTests.twoProportions(48, 80, 56, 70, 0.95).difference()).isCloseTo(0.2, within(1e-12));
    }

    /**
     * The chi-square test's p-value is the pooled two-proportion z-test's: for 56/70 against 48/80
     * the pooled proportion is 104/150, z = 0.2 / sqrt(p(1-p)(1/70 + 1/80)) = 2.650, two-sided p = 0.0080.
     */
    @Test
    void theChiSquarePValueIsThePooledZTests() {
        double pooled = 104.0 / 150;
        double z = 0.2 / Math.sqrt(pooled * (1 - pooled) * (1.0 / 70 + 1.0 / 80));
        double expected = 2 * NormalDistribution.of(0, 1).survivalProbability(z);
        Comparison c = ArmTests.twoProportions(48, 80, 56, 70, 0.95);
        assertThat(z).isCloseTo(2.650, within(0.001));
        assertThat(c.pValue()).isCloseTo(expected, within(1e-12)).isCloseTo(0.0080, within(0.0001));
    }

    @Test
    void armsThatAgreeOnEveryRowAreNotDifferent() {
        assertThat(ArmTests.twoProportions(50, 50, 80, 80, 0.95).pValue()).isEqualTo(1.0);
        assertThat(ArmTests.twoProportions(0, 50, 0, 80, 0.95).pValue()).isEqualTo(1.0);
        assertThat(ArmTests.twoProportions(40, 50, 64, 80, 0.95).pValue()).isCloseTo(1.0, within(1e-9));
    }

    /**
     * Agresti, Categorical Data Analysis, 2nd ed. (2002), section 10.1.1, Table 10.1: approval of the
     * President's performance in two surveys of the same 1,600 people: 794 approve both times, 150
     * approve then not, 86 not then approve, 570 neither. The difference 0.59 - 0.555... is -0.04, its
     * paired standard error 0.0095, the 95 % Wald interval (-0.06, -0.02), McNemar's z = -4.17.
     * (The first survey is the champion here, the second the challenger: 150 right for the champion only, 86 for the challenger only.)
     */
    @Test
    void agrestisPairedExampleGivesHisIntervalAndAnExactMcNemarPValue() {
        Comparison c = ArmTests.paired(150, 86, 1600, 0.95);
        assertThat(c.difference()).isCloseTo(-0.04, within(1e-12));
        assertThat((c.high() - c.low()) / 2 / 1.959964).isCloseTo(0.0095, within(0.00005));
        assertThat(c.low()).isCloseTo(-0.0587, within(0.0001));
        assertThat(c.high()).isCloseTo(-0.0213, within(0.0001));
        // McNemar's z^2 = (86 - 150)^2 / 236 = 17.36: p about 3.1e-5; the exact binomial test is close to it
        double z = (86 - 150) / Math.sqrt(236);
        assertThat(z).isCloseTo(-4.17, within(0.005));
        assertThat(c.pValue()).isBetween(1e-5, 1e-4);
        assertThat(ArmTests.paired(0, 0, 100, 0.95).pValue()).isEqualTo(1.0);
    }

    /** F1's delta-method variance is what a multinomial simulation of the arm's counts shows. */
    @Test
    void theF1VarianceIsWhatSimulationShows() {
        double[] p = {0.30, 0.05, 0.10, 0.55}; // TP, FP, FN, TN shares
        int n = 2_000;
        Random random = new Random(7);
        int runs = 4_000;
        double sum = 0;
        double sumSquares = 0;
        for (int run = 0; run < runs; run++) {
            long[] counts = new long[4];
            for (int i = 0; i < n; i++) {
                double u = random.nextDouble();
                int k = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : u < p[0] + p[1] + p[2] ? 2 : 3;
                counts[k]++;
            }
            double f1 = new ArmCounts(n, counts[0] + counts[3], counts[0], counts[1], counts[2]).f1();
            sum += f1;
            sumSquares += f1 * f1;
        }
        double simulated = sumSquares / runs - (sum / runs) * (sum / runs);
        double delta = ArmTests.f1Variance(new ArmCounts(n, (long) (n * 0.85), (long) (n * p[0]), (long) (n * p[1]), (long) (n * p[2])));
        assertThat(delta / simulated).as("delta %s, simulated %s", delta, simulated).isBetween(0.9, 1.1);
    }

    @Test
    void f1SeesABetterChallengerAndNoDifferenceBetweenEqualArms() {
        ArmCounts weak = new ArmCounts(2000, 1500, 500, 250, 250);
        ArmCounts strong = new ArmCounts(2000, 1800, 700, 100, 100);
        Comparison better = ArmTests.f1(weak, strong, 0.95);
        assertThat(better.difference()).isCloseTo(0.875 - 0.6667, within(0.001));
        assertThat(better.pValue()).isLessThan(1e-6);
        assertThat(better.low()).isPositive();
        Comparison same = ArmTests.f1(strong, strong, 0.95);
        assertThat(same.pValue()).isCloseTo(1.0, within(1e-12));
        assertThat(same.low()).isNegative();
        assertThat(same.high()).isPositive();
    }

    private static void assertInterval(Comparison c, double low, double high) {
        assertThat(c.low()).as("low").isCloseTo(low, within(0.00005));
        assertThat(c.high()).as("high").isCloseTo(high, within(0.00005));
        assertThat(c.level()).isEqualTo(0.95);
    }
}
