package io.vigil.engine.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.engine.anomaly.StatisticalDetectorTrainer.Method;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The O(n) fences of sorted values equal the definitions computed the slow way (sort the deviations). */
class FencesTest {

    @Test
    void theMadFromSortedValuesIsTheMedianOfTheSortedDeviations() {
        Random random = new Random(3);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + random.nextInt(60);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) values[i] = trial % 3 == 0 ? random.nextInt(4) : random.nextGaussian() * 10; // ties too
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            double median = slowQuantile(sorted, 0.5);
            double[] dev = Arrays.stream(sorted).map(v -> Math.abs(v - median)).sorted().toArray();
            double mad = 1.4826 * slowQuantile(dev, 0.5);
            double expected = mad == 0 ? 1.253314 * Arrays.stream(dev).average().orElse(0) : mad;
            Fences f = Fences.ofSorted(Method.MAD, Arrays.copyOf(sorted, n + 5), n); // room past n is ignored
            assertThat(f.lower()).isEqualTo(median);
            assertThat(f.scale()).as("n=%d %s", n, Arrays.toString(sorted)).isCloseTo(expected, within(1e-12));
            assertThat(Fences.of(Method.MAD, values)).isEqualTo(f);
        }
    }

    @Test
    void quartilesAndTheZScoreByHand() {
        double[] values = {1, 2, 3, 4, 100};
        Fences iqr = Fences.of(Method.IQR, values);
        assertThat(iqr.lower()).isEqualTo(2); // position 0.25 * 4 = 1
        assertThat(iqr.upper()).isEqualTo(4); // position 3
        assertThat(iqr.distance(10)).isEqualTo(3); // (10 - 4) / 2
        Fences z = Fences.of(Method.ZSCORE, values);
        assertThat(z.lower()).isEqualTo(22);
        // sample sd: sqrt((21^2 + 20^2 + 19^2 + 18^2 + 78^2) / 4) = sqrt(7610 / 4)
        assertThat(z.scale()).isCloseTo(Math.sqrt(7610 / 4.0), within(1e-12));
        assertThat(Fences.of(Method.MAD, new double[] {5, 5, 5}).distance(6)).isInfinite(); // no spread at all
    }

    private static double slowQuantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        return i + 1 < sorted.length ? sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }
}
