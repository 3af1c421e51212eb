package io.vigil.engine.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.engine.anomaly.StatisticalDetectorTrainer.Method;
import org.junit.jupiter.api.Test;

class RollingDeviationDetectorTest {

    /** Feeds 1, 2, ..., 10, then returns the score of {@code value}. */
    private static double afterOneToTen(RollingDeviationDetector detector, double value) {
        for (int i = 1; i <= 10; i++) {
            detector.score(i * 60_000L, i);
        }
        return detector.score(11 * 60_000L, value);
    }

    @Test
    void eachRuleByHandOnOneToTen() {
        // mean 5.5, sd sqrt(82.5 / 9) = 3.02765: d = 14.5 / 3.02765 = 4.78920, score d / (d + 3)
        double z = 14.5 / Math.sqrt(82.5 / 9);
        assertThat(afterOneToTen(new RollingDeviationDetector(Method.ZSCORE, 10, 5, 3), 20)).isCloseTo(z / (z + 3), within(1e-12));
        // quartiles (type 7) 3.25 and 7.75: d = (20 - 7.75) / 4.5 = 2.72222, score d / (d + 1.5)
        double iqr = 12.25 / 4.5;
        assertThat(afterOneToTen(new RollingDeviationDetector(Method.IQR, 10, 5, 1.5), 20)).isCloseTo(iqr / (iqr + 1.5), within(1e-12));
        assertThat(afterOneToTen(new RollingDeviationDetector(Method.IQR, 10, 5, 1.5), 5)).isZero(); // between the quartiles
        // median 5.5, absolute deviations 0.5 0.5 1.5 1.5 2.5 2.5 3.5 3.5 4.5 4.5: MAD 2.5; d = 14.5 / (1.4826 * 2.5)
        double mad = 14.5 / (1.4826 * 2.5);
        assertThat(afterOneToTen(new RollingDeviationDetector(Method.MAD, 10, 5, 3.5), 20)).isCloseTo(mad / (mad + 3.5), within(1e-12));
        // the defaults score the classic cut-off 0.5: z = 3 exactly
        RollingDeviationDetector defaults = RollingDeviationDetector.withDefaults(Method.ZSCORE, 10);
        assertThat(afterOneToTen(defaults, 5.5 + 3 * Math.sqrt(82.5 / 9))).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void onlyTheLastWindowCountsAndNothingBeforeMinHistory() {
        RollingDeviationDetector detector = new RollingDeviationDetector(Method.ZSCORE, 10, 5, 3);
        for (int i = 0; i < 4; i++) {
            assertThat(detector.score(i, 1000 * i)).as("too little history").isZero();
        }
        for (int i = 0; i < 10; i++) {
            detector.score(100 + i, 1 + i); // the window is now 1..10: the early thousands are forgotten
        }
        double z = 14.5 / Math.sqrt(82.5 / 9);
        assertThat(detector.score(200, 20)).isCloseTo(z / (z + 3), within(1e-12));
    }

    @Test
    void constantHistoriesMissingValuesAndTheMadFallback() {
        RollingDeviationDetector detector = new RollingDeviationDetector(Method.MAD, 20, 5, 3.5);
        for (int i = 0; i < 10; i++) detector.score(i, 4);
        assertThat(detector.score(10, 4)).isZero();
        assertThat(detector.score(11, Double.NaN)).isZero();
        assertThat(detector.score(12, 5)).isEqualTo(1.0); // away from a history with no spread at all
        // now 11 fours and one 5: the MAD is 0, so 1.253314 x mean absolute deviation (1/12) is the spread
        double spread = 1.253314 / 12;
        double d = 2 / spread;
        assertThat(detector.score(13, 6)).isCloseTo(d / (d + 3.5), within(1e-12));
        assertThatThrownBy(() -> new RollingDeviationDetector(Method.MAD, 10, 1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RollingDeviationDetector(Method.MAD, 10, 5, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
