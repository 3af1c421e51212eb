package io.vigil.engine.windows;

import static io.vigil.engine.windows.WindowKind.COUNT;
import static io.vigil.engine.windows.WindowKind.MAX;
import static io.vigil.engine.windows.WindowKind.MEAN;
import static io.vigil.engine.windows.WindowKind.MIN;
import static io.vigil.engine.windows.WindowKind.RATE;
import static io.vigil.engine.windows.WindowKind.STD;
import static io.vigil.engine.windows.WindowKind.SUM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every feature kind on a few events, against values worked out by hand (in the comments). */
class WindowFeaturesTest {
    private static final double NaN = Double.NaN;

    /**
     * Host a: t=0 10, t=60 20, t=200 30, t=400 40 and 50 (same second, 40 first in the file). Host
     * b: t=30 5, t=90 missing, t=500 7. A row without a host, and one of a without a time. The rows
     * are out of time order in the file.
     */
    static Table events() {
        return Table.fromRows(List.of(
                new String[] {"b", "500", "7"},     // r7
                new String[] {"a", "400", "40"},    // r3
                new String[] {"a", "0", "10"},      // r0
                new String[] {"a", "", "1000"},     // no time
                new String[] {"b", "30", "5"},      // r5
                new String[] {"a", "400", "50"},    // r4: after r3 in the file, so it sees r3
                new String[] {"a", "60", "20"},     // r1
                new String[] {"", "100", "1"},      // no host
                new String[] {"b", "90", ""},       // r6
                new String[] {"a", "200", "30"}     // r2
        ).iterator(), List.of("host", "t", "bytes"), List.of(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC, ColumnKind.NUMERIC));
    }

    static WindowSpec spec() {
        return WindowSpec.of(List.of("host"), "t", List.of(
                WindowFeature.over(MEAN, "bytes", "5m"), WindowFeature.over(STD, "bytes", "5m"),
                WindowFeature.over(MIN, "bytes", "300s"), WindowFeature.over(MAX, "bytes", "PT5M"),
                WindowFeature.over(SUM, "bytes", "5m"), WindowFeature.over(COUNT, null, "5m"),
                WindowFeature.over(COUNT, "bytes", "5m"), WindowFeature.over(RATE, null, "5m"),
                WindowFeature.over(RATE, "bytes", "5m"), WindowFeature.lastEvents(MEAN, "bytes", 2),
                WindowFeature.lastEvents(RATE, "bytes", 3), WindowFeature.lastEvents(RATE, null, 3),
                WindowFeature.lag("bytes", 1), WindowFeature.diff("bytes", 1), WindowFeature.lag("bytes", 2)));
    }

    @Test
    void columnsAreNamedFromTheSpec() {
        assertThat(spec().outputNames()).containsExactly("bytes_mean_5m", "bytes_std_5m", "bytes_min_5m", "bytes_max_5m",
                "bytes_sum_5m", "count_5m", "bytes_count_5m", "rate_5m", "bytes_rate_5m", "bytes_mean_last2", "bytes_rate_last3",
                "rate_last3", "bytes_lag_1", "bytes_diff_1", "bytes_lag_2");
        Table out = WindowFeatures.fit(spec(), events()).transform(events());
        assertThat(out.columnNames()).startsWith("host", "t", "bytes", "bytes_mean_5m");
        assertThat(out.columnCount()).isEqualTo(3 + 15);
    }

    @Test
    void everyStatisticMatchesTheHandComputation() {
        Table out = WindowFeatures.fit(spec(), events()).transform(events());
        double s50 = Math.sqrt(50); // sample sd of two values 10 apart
        // mean std min max sum count bytes_count rate bytes_rate mean_last2 bytes_rate_last3 rate_last3 lag1 diff1 lag2
        expect(out, 2, 10, NaN, 10, 10, 10, 1, 1, 1 / 300.0, 10 / 300.0, 10, NaN, NaN, NaN, NaN, NaN);
        expect(out, 6, 15, s50, 10, 20, 30, 2, 2, 2 / 300.0, 30 / 300.0, 15, 20 / 60.0, 1 / 60.0, 10, 10, NaN);
        // t=200: (-100, 200] holds 10, 20, 30; the last 3 span 200 s, 50 bytes after the oldest
        expect(out, 9, 20, 10, 10, 30, 60, 3, 3, 0.01, 0.2, 25, 50 / 200.0, 2 / 200.0, 20, 10, 10);
        // t=400 (40): (100, 400] holds 30 and 40; t=0 and t=60 are out
        expect(out, 1, 35, s50, 30, 40, 70, 2, 2, 2 / 300.0, 70 / 300.0, 35, 70 / 340.0, 2 / 340.0, 30, 10, 20);
        // t=400 (50): the same second, after 40 in the file: it sees 30, 40 and itself
        expect(out, 5, 40, 10, 30, 50, 120, 3, 3, 0.01, 0.4, 45, 90 / 200.0, 2 / 200.0, 40, 10, 30);
        // host b: 5, then a missing value (counted as an event, not as a value), then 7 at t=500
        expect(out, 4, 5, NaN, 5, 5, 5, 1, 1, 1 / 300.0, 5 / 300.0, 5, NaN, NaN, NaN, NaN, NaN);
        expect(out, 8, 5, NaN, 5, 5, 5, 2, 1, 2 / 300.0, 5 / 300.0, 5, 0, 1 / 60.0, 5, NaN, NaN);
        expect(out, 0, 7, NaN, 7, 7, 7, 1, 1, 1 / 300.0, 7 / 300.0, 7, 7 / 470.0, 2 / 470.0, NaN, NaN, 5);
        // no time, no host: no window features (and the time-less 1000 is in none of a's windows)
        expect(out, 3, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN);
        expect(out, 7, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN);
    }

    @Test
    void theOnlineStateAnswersTheSameInTimeOrder() {
        WindowFeatures windows = WindowFeatures.fit(spec(), events());
        Table offline = windows.transform(events());
        OnlineWindows online = windows.online(10);
        // time order, the tie in file order; the time-less row anywhere
        for (int row : new int[] {2, 4, 6, 3, 8, 7, 9, 1, 5, 0}) {
            Map<String, Object> record = new java.util.HashMap<>();
            record.put("host", events().column("host").text(row));
            record.put("t", events().column("t").text(row));
            record.put("bytes", events().column("bytes").text(row));
            double[] answer = online.update(record);
            for (int f = 0; f < answer.length; f++) {
                assertThat(Double.valueOf(answer[f])).as("row %d, %s", row, windows.featureNames().get(f)) // to the bit, NaN too
                        .isEqualTo(Double.valueOf(offline.numeric(windows.featureNames().get(f)).get(row)));
            }
        }
        assertThat(online.entities()).isEqualTo(2);
        assertThat(online.lateEvents()).isZero();
    }

    @Test
    void hourAndWeekdayAreCyclicOrPlainInTheSpecsZone() {
        // 2024-03-04T13:30Z is a Monday; 2024-03-10T23:30Z is a Sunday in UTC, Monday 00:30 in Paris (UTC+1 in March)
        Table t = Table.fromRows(List.of(new String[] {"h", "1709559000"}, new String[] {"h", "1710113400"}).iterator(),
                List.of("host", "ts"), List.of(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC));
        WindowSpec utc = WindowSpec.of(List.of("host"), "ts", List.of(WindowFeature.calendar(WindowKind.HOUR, true),
                WindowFeature.calendar(WindowKind.WEEKDAY, true), WindowFeature.calendar(WindowKind.HOUR, false).named("h"),
                WindowFeature.calendar(WindowKind.WEEKDAY, false).named("d")));
        Table out = WindowFeatures.fit(utc, t).transform(t);
        assertThat(out.columnNames()).endsWith("hour_sin", "hour_cos", "weekday_sin", "weekday_cos", "h", "d");
        assertThat(out.numeric("hour_sin").get(0)).isCloseTo(Math.sin(2 * Math.PI * 13.5 / 24), within(1e-12)); // -0.3827
        assertThat(out.numeric("hour_cos").get(0)).isCloseTo(-0.9238795, within(1e-7));
        assertThat(out.numeric("weekday_sin").get(0)).isCloseTo(0, within(1e-12)); // Monday: 0 on the circle
        assertThat(out.numeric("weekday_cos").get(0)).isCloseTo(1, within(1e-12));
        assertThat(out.numeric("h").get(0)).isEqualTo(13.5);
        assertThat(out.numeric("d").get(0)).isEqualTo(0);
        assertThat(out.numeric("h").get(1)).isEqualTo(23.5);
        assertThat(out.numeric("d").get(1)).isEqualTo(6);
        Table paris = WindowFeatures.fit(utc.withTimeZone("Europe/Paris"), t).transform(t);
        assertThat(paris.numeric("h").get(1)).isEqualTo(0.5);
        assertThat(paris.numeric("d").get(1)).isEqualTo(0);
        assertThat(paris.numeric("h").get(0)).isEqualTo(14.5);
    }

    @Test
    void residualsUseTheEntitysBaselineThenTheOneAcrossEntitiesThenTheOverall() {
        // hour 10: a has 10, 12, 14, 16, 100 (median 14, MAD 2); b has 1 and 3 (too few of its own).
        // Across both: 1, 3, 10, 12, 14, 16, 100 (median 12, MAD 4). Hour 11 has no value at all.
        long ten = 10 * 3600;
        List<String[]> rows = new java.util.ArrayList<>();
        int i = 0;
        for (int v : new int[] {10, 12, 14, 16, 100}) rows.add(new String[] {"a", Long.toString(ten + 60 * i++), Integer.toString(v)});
        rows.add(new String[] {"b", Long.toString(ten + 600), "1"});
        rows.add(new String[] {"b", Long.toString(ten + 660), "3"});
        Table train = Table.fromRows(rows.iterator(), List.of("host", "ts", "bytes"),
                List.of(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC, ColumnKind.NUMERIC));
        WindowSpec spec = WindowSpec.of(List.of("host"), "ts", List.of(WindowFeature.residual("bytes", "hour", 5)));
        WindowFeatures windows = WindowFeatures.fit(spec, train);
        assertThat(windows.featureNames()).containsExactly("bytes_residual_hour");
        SeasonalBaseline b = windows.baselines().get(0);
        assertThat(b.buckets().get(10)).isEqualTo(new SeasonalBaseline.Level(12, 4 * 1.4826, 7));
        assertThat(b.entities()).containsOnlyKeys("a");
        assertThat(b.entities().get("a").center()).containsExactly(14);
        assertThat(b.overall()).isEqualTo(new SeasonalBaseline.Level(12, 4 * 1.4826, 7)); // every value is in hour 10

        Table live = Table.fromRows(List.of(new String[] {"a", Long.toString(ten + 3000), "20"},
                new String[] {"b", Long.toString(ten + 3000), "20"}, new String[] {"c", Long.toString(ten + 3600), "20"},
                new String[] {"", Long.toString(ten), "20"}).iterator(),
                List.of("host", "ts", "bytes"), List.of(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC, ColumnKind.NUMERIC));
        Table out = windows.transform(live);
        assertThat(out.numeric("bytes_residual_hour").values()).containsExactly(new double[] {
                (20 - 14) / (2 * 1.4826),   // a: its own hour-10 baseline
                (20 - 12) / (4 * 1.4826),   // b: too few of its own, the one across entities
                (20 - 12) / (4 * 1.4826),   // c at 11:00: no values in hour 11, the overall one
                (20 - 12) / (4 * 1.4826)},  // no host: the one across entities
                within(1e-12));
    }

    @Test
    void aBaselineWithoutSpreadFallsBackToTheStandardDeviation() {
        BaselineFitter.Values v = new BaselineFitter.Values();
        for (double x : new double[] {5, 5, 5, 5, 9}) v.add(x); // MAD 0: most values are one value
        SeasonalBaseline.Level level = v.level();
        assertThat(level.center()).isEqualTo(5);
        assertThat(level.spread()).isCloseTo(Math.sqrt((4 * 0.8 * 0.8 + 3.2 * 3.2) / 4), within(1e-12)); // sd of 5,5,5,5,9 = 1.789
    }

    private static void expect(Table out, int row, double... values) {
        List<String> names = spec().outputNames();
        for (int f = 0; f < values.length; f++) {
            double actual = out.numeric(names.get(f)).get(row);
            if (Double.isNaN(values[f])) {
                assertThat(actual).as("row %d, %s", row, names.get(f)).isNaN();
            } else {
                assertThat(actual).as("row %d, %s", row, names.get(f)).isCloseTo(values[f], within(1e-12));
            }
        }
    }
}
