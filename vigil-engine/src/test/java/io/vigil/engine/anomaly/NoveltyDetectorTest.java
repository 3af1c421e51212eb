package io.vigil.engine.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoveltyDetectorTest {

    static final long FIVE_MINUTES = 300_000L;
    static final long START = 1_700_000_000_000L - 1_700_000_000_000L % 86_400_000L; // a UTC midnight

    private static List<Integer> alarms(StreamingDetector detector, double[] values) {
        List<Integer> alarms = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            double s = detector.score(START + i * FIVE_MINUTES, values[i]);
            assertThat(s).isBetween(0.0, 1.0);
            if (s >= NoveltyDetector.ALARM) alarms.add(i);
        }
        return alarms;
    }

    @Test
    void aSpikeInNoiseIsOneAlarm() {
        Random random = new Random(3);
        double[] values = new double[1500];
        for (int i = 0; i < values.length; i++) values[i] = 100 + 5 * random.nextGaussian();
        values[1000] += 60;
        values[1001] += 40; // the same episode: no second alarm
        List<Integer> alarms = alarms(new NoveltyDetector(), values);
        assertThat(alarms).contains(1000).allMatch(i -> i < 1001 || i >= 1100).allMatch(i -> i >= 250);
        assertThat(alarms.size()).as("alarms %s", alarms).isLessThanOrEqualTo(3);
    }

    /** Ten days of a daily cycle (5-minute points) whose tenth day has no midday peak: values stay at the mean. */
    private static double[] dailyCycleWithAMissingPeak() {
        Random random = new Random(11);
        double[] values = new double[288 * 12];
        for (int i = 0; i < values.length; i++) {
            double hour = (i % 288) / 12.0;
            values[i] = 100 + 50 * Math.sin(2 * Math.PI * (hour - 6) / 24) + 2 * random.nextGaussian();
            if (i / 288 == 9 && hour >= 10 && hour < 14) {
                values[i] = 100 + 2 * random.nextGaussian(); // well inside the range the values always have
            }
        }
        return values;
    }

    @Test
    void aMissingDailyPeakIsFoundByTheProfileNotByTheLevel() {
        double[] values = dailyCycleWithAMissingPeak();
        int from = 9 * 288 + 10 * 12;
        int to = 9 * 288 + 14 * 12;
        List<Integer> alarms = alarms(new NoveltyDetector(), values);
        assertThat(alarms).as("alarms %s", alarms).anyMatch(i -> i >= from && i < to);
        NoveltyDetector.Settings d = NoveltyDetector.Settings.DEFAULTS;
        NoveltyDetector levelOnly = new NoveltyDetector(new NoveltyDetector.Settings(d.smoothing(), d.window(), d.memory(),
                d.warmUp(), d.levelFloor(), Double.MAX_VALUE, d.quietPoints(), d.profileWeight(), d.errorWeight()));
        assertThat(alarms(levelOnly, values)).noneMatch(i -> i >= from && i < to);
    }

    @Test
    void eachPointIsScoredWithThePointsBeforeItOnly() {
        double[] values = dailyCycleWithAMissingPeak();
        NoveltyDetector whole = new NoveltyDetector();
        double[] scores = new double[values.length];
        for (int i = 0; i < values.length; i++) scores[i] = whole.score(START + i * FIVE_MINUTES, values[i]);
        NoveltyDetector prefix = new NoveltyDetector();
        for (int i = 0; i < 2800; i++) {
            assertThat(prefix.score(START + i * FIVE_MINUTES, values[i])).isEqualTo(scores[i]);
        }
        assertThat(prefix.score(START + 2800 * FIVE_MINUTES, Double.NaN)).isZero();
        assertThat(prefix.score(START + 2801 * FIVE_MINUTES, values[2800])).isEqualTo(scores[2800]); // NaN left no trace
        assertThat(scores).containsOnly(java.util.Arrays.stream(scores).filter(s -> s >= 0 && s <= 1).toArray());
    }

    @Test
    void nothingIsFlaggedDuringTheWarmUpAndSettingsAreChecked() {
        NoveltyDetector detector = new NoveltyDetector();
        for (int i = 0; i < 249; i++) {
            assertThat(detector.score(START + i * FIVE_MINUTES, i % 7 == 0 ? 1e6 : i)).isLessThan(NoveltyDetector.ALARM);
        }
        assertThatThrownBy(() -> new NoveltyDetector.Settings(8, 10, 750, 200, 3, 5, 100, 0.3, 0.05))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NoveltyDetector.Settings(8, 2000, 750, 200, 0, 5, 100, 0.3, 0.05))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NoveltyDetector.Settings(8, 2000, 750, 200, 3, 5, 100, 1.5, 0.05))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
