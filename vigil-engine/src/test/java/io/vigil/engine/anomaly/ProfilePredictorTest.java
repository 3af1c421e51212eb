package io.vigil.engine.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProfilePredictorTest {

    static final long HOUR = 3_600_000L;
    /** 1970-01-05 00:00 UTC, a Monday. */
    static final long MONDAY = 4 * 24 * HOUR;

    @Test
    void aDailyRhythmIsPredictedByTheDailyProfile() {
        ProfilePredictor predictor = new ProfilePredictor(2000, 0.3, 0.05);
        long fiveMinutes = 300_000L;
        // busy (100) from 08:00 to 18:00, quiet (10) otherwise, 7 days: the median is 10 (14 hours of 24 are quiet)
        for (int i = 0; i < 7 * 288; i++) {
            long t = MONDAY + i * fiveMinutes;
            int hour = (i % 288) / 12;
            predictor.residual(t, hour >= 8 && hour < 18 ? 100 : 10);
        }
        long nextNoon = MONDAY + 7 * 24 * HOUR + 12 * HOUR;
        assertThat(predictor.residual(nextNoon, 100)).isCloseTo(0, within(1e-6)); // the profile knows noon is busy
        assertThat(predictor.residual(nextNoon + 5 * 60_000L, 10)).isCloseTo(-90, within(1e-6)); // a quiet noon is not
    }

    @Test
    void aWeeklyRhythmIsPredictedByTheWeeklyProfile() {
        ProfilePredictor predictor = new ProfilePredictor(2000, 0.3, 0.05);
        // hourly: 100 on weekdays, 10 at weekends, 4 weeks; a day of the week the daily profile cannot tell
        for (int h = 0; h < 4 * 168; h++) {
            boolean weekend = (h / 24) % 7 >= 5;
            predictor.residual(MONDAY + h * HOUR, weekend ? 10 : 100);
        }
        long saturdayNoon = MONDAY + 4 * 168 * HOUR + 5 * 24 * HOUR + 12 * HOUR;
        // fed hour by hour up to Saturday noon of week 5: Monday to Friday 100, Saturday morning 10
        for (long t = MONDAY + 4 * 168 * HOUR; t < saturdayNoon; t += HOUR) {
            predictor.residual(t, ((t - MONDAY) / HOUR / 24) % 7 >= 5 ? 10 : 100);
        }
        assertThat(predictor.residual(saturdayNoon, 10)).isCloseTo(0, within(1e-6));
        assertThat(predictor.residual(saturdayNoon + HOUR, 100)).isCloseTo(90, within(1e-6));
    }

    @Test
    void withoutARhythmTheMedianPredicts() {
        ProfilePredictor predictor = new ProfilePredictor(100, 0.3, 0.05);
        assertThat(predictor.residual(0, 5)).isZero(); // nothing to predict from yet
        for (int i = 1; i <= 99; i++) {
            predictor.residual(i * 7 * 60_000L, i % 2 == 0 ? 1 : 3); // no time-of-day pattern at 7-minute steps
        }
        // median of 5 and 49 ones and 50 threes (the last 100 values) is 3
        assertThat(predictor.residual(100 * 7 * 60_000L, 10)).isCloseTo(7, within(1e-9));
    }
}
