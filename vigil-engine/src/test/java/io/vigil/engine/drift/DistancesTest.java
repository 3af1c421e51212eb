package io.vigil.engine.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/** The statistics against commons-statistics-inference on the same samples, and against values computed by hand. */
class DistancesTest {

    @Test
    void kolmogorovSmirnovEqualsCommonsOnTheSameSamplesGroupedOrNot() {
        SplittableRandom random = new SplittableRandom(3);
        for (int live : new int[] {40, 3_000, 60_000}) { // the last is grouped before the test
            for (boolean ties : new boolean[] {false, true}) {
                double[] reference = new double[800];
                for (int i = 0; i < reference.length; i++) reference[i] = ties ? random.nextInt(6) : (float) random.nextGaussian();
                Arrays.sort(reference);
                float[] values = new float[live + 10];
                for (int i = 0; i < values.length; i++) {
                    values[i] = ties ? random.nextInt(7) : (float) (random.nextGaussian() * 1.1 + 0.05);
                }
                values[3] = Float.NaN; // missing: left out on both sides
                double[] present = new double[live - 1];
                for (int i = 0, k = 0; i < live; i++) if (!Float.isNaN(values[i])) present[k++] = values[i];

                Distances.Result ours = Distances.kolmogorovSmirnov(reference, values, live);
                var commons = KolmogorovSmirnovTest.withDefaults().test(reference, present);
                assertThat(ours.statistic()).as("D, %d live values, ties %s", live, ties).isEqualTo(commons.getStatistic());
                assertThat(ours.pValue()).as("p, %d live values, ties %s", live, ties).isCloseTo(commons.getPValue(), within(1e-12));
            }
        }
    }

    @Test
    void psiAsComputedByHand() {
        // shares 0.5/0.3/0.2 against 0.3/0.3/0.4: (-0.2 ln 0.6) + 0 + (0.2 ln 2)
        assertThat(Distances.psi(new long[] {50, 30, 20}, new long[] {30, 30, 40}))
                .isCloseTo(-0.2 * Math.log(0.6) + 0.2 * Math.log(2), within(1e-12));
        // an empty reference cell counts as a share of 1e-4
        assertThat(Distances.psi(new long[] {100, 0}, new long[] {50, 50}))
                .isCloseTo((0.5 - 1) * Math.log(0.5) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4), within(1e-12));
        assertThat(Distances.psi(new long[] {7, 3}, new long[] {70, 30})).isZero();
    }

    @Test
    void jensenShannonIsBaseTwoBetweenZeroAndOne() {
        assertThat(Distances.jensenShannon(new long[] {5, 5}, new long[] {50, 50})).isZero();
        assertThat(Distances.jensenShannon(new long[] {5, 0}, new long[] {0, 5})).isCloseTo(1, within(1e-12));
        // (0.5, 0.5) against (1, 0): m = (0.75, 0.25); KL(p||m) = 0.5 log2(2/3) + 0.5 log2(2), KL(q||m) = log2(4/3)
        double divergence = (0.5 * log2(2.0 / 3) + 0.5 + log2(4.0 / 3)) / 2;
        assertThat(Distances.jensenShannon(new long[] {1, 1}, new long[] {1, 0})).isCloseTo(Math.sqrt(divergence), within(1e-12))
                .isCloseTo(0.557923, within(1e-6)); // scipy.spatial.distance.jensenshannon([.5, .5], [1, 0], base=2)
    }

    @Test
    void chiSquareTestsTheTwoSamplesAsCommonsComputesIt() {
        Distances.Result r = Distances.chiSquare(new long[] {500, 300, 200, 0}, new long[] {40, 40, 20, 0});
        var commons = ChiSquareTest.withDefaults().test(new long[][] {{500, 300, 200}, {40, 40, 20}});
        // by hand: N = 1100, expected live counts 100 * (540, 340, 220) / 1100, reference 1000 * the same
        double[] column = {540, 340, 220};
        double[][] observed = {{500, 300, 200}, {40, 40, 20}};
        double[] rows = {1000, 100};
        double statistic = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double expected = rows[i] * column[j] / 1100;
                statistic += (observed[i][j] - expected) * (observed[i][j] - expected) / expected;
            }
        }
        assertThat(r.statistic()).isCloseTo(statistic, within(1e-9)).isCloseTo(commons.getStatistic(), within(1e-12));
        assertThat(r.pValue()).isCloseTo(commons.getPValue(), within(1e-15));
        // a category the reference never had is simply a column it has none of
        assertThat(Distances.chiSquare(new long[] {1000, 0}, new long[] {50, 50}).pValue()).isLessThan(1e-10);
        assertThat(Distances.chiSquare(new long[] {10, 0}, new long[] {5, 0}).pValue()).isEqualTo(1);
    }

    @Test
    void wassersteinIsTheAreaBetweenTheDistributionsOverTheScale() {
        assertThat(Distances.wasserstein(new double[] {0, 1}, new float[] {1, 2}, 2, 1)).isCloseTo(1, within(1e-12));
        assertThat(Distances.wasserstein(new double[] {0, 1}, new float[] {1, 2, Float.NaN}, 3, 0.5)).isCloseTo(2, within(1e-12));
        assertThat(Distances.wasserstein(new double[] {0, 0, 4}, new float[] {0, 2, 4}, 3, 1)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(Distances.wasserstein(new double[] {3}, new float[] {3, 3}, 2, 0)).isZero();
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
