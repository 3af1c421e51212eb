package io.vigil.engine.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RollingWindowTest {

    @Test
    void statisticsEqualABruteForceOverTheLastValues() {
        Random random = new Random(7);
        RollingWindow window = new RollingWindow(25);
        List<Double> all = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            // repeated values and plateaus, as counters and sensors have
            double v = random.nextInt(4) == 0 ? 5.0 : Math.round(random.nextGaussian() * 40) / 4.0;
            window.add(v);
            all.add(v);
            double[] last = all.subList(Math.max(0, all.size() - 25), all.size()).stream().mapToDouble(Double::doubleValue).toArray();
            double[] sorted = last.clone();
            Arrays.sort(sorted);
            assertThat(window.size()).isEqualTo(last.length);
            double mean = Arrays.stream(last).average().orElseThrow();
            assertThat(window.mean()).isCloseTo(mean, within(1e-9));
            if (last.length > 1) {
                double ss = Arrays.stream(last).map(x -> (x - mean) * (x - mean)).sum();
                assertThat(window.sd()).isCloseTo(Math.sqrt(ss / (last.length - 1)), within(1e-9));
            }
            for (double q : new double[] {0, 0.25, 0.5, 0.75, 1}) {
                assertThat(window.quantile(q)).isEqualTo(quantile(sorted, q));
            }
            double median = quantile(sorted, 0.5);
            double[] deviations = Arrays.stream(sorted).map(x -> Math.abs(x - median)).sorted().toArray();
            assertThat(window.medianAbsoluteDeviation(median)).isEqualTo(quantile(deviations, 0.5));
            assertThat(window.meanAbsoluteDeviation(median)).isCloseTo(Arrays.stream(deviations).average().orElseThrow(), within(1e-9));
            assertThat(window.countBelow(v)).isEqualTo((int) Arrays.stream(last).filter(x -> x < v).count());
        }
    }

    /** Linear interpolation between order statistics (R type 7), written out for the check. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        return i + 1 < sorted.length ? sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }

    @Test
    void aWindowHoldsAtLeastTwoValues() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RollingWindow(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
