package io.vigil.engine.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import io.vigil.engine.table.TableBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * No future leaks in: on a stream of 3,000 events of 40 hosts over two weeks, a row's features do
 * not change when the rows are shuffled, nor when every event after it is removed, and the online
 * state fed the events in time order answers exactly (to the bit) what the offline transform wrote.
 */
class PointInTimeTest {
    private static final int ROWS = 3_000;

    static WindowSpec spec() {
        return WindowSpec.of(List.of("host"), "ts", List.of(
                WindowFeature.over(WindowKind.MEAN, "bytes", "5m"), WindowFeature.over(WindowKind.STD, "bytes", "1h"),
                WindowFeature.over(WindowKind.MIN, "bytes", "1h"), WindowFeature.over(WindowKind.MAX, "pkts", "30m"),
                WindowFeature.over(WindowKind.SUM, "bytes", "10m"), WindowFeature.over(WindowKind.COUNT, null, "1h"),
                WindowFeature.over(WindowKind.RATE, "bytes", "5m"), WindowFeature.lastEvents(WindowKind.MEAN, "bytes", 5),
                WindowFeature.lastEvents(WindowKind.STD, "pkts", 20), WindowFeature.lastEvents(WindowKind.RATE, null, 10),
                WindowFeature.lag("bytes", 1), WindowFeature.lag("pkts", 3), WindowFeature.diff("bytes", 2),
                WindowFeature.calendar(WindowKind.HOUR, true), WindowFeature.calendar(WindowKind.WEEKDAY, false),
                WindowFeature.residual("bytes", "hour", 5))).withTimeZone("America/New_York");
    }

    /** Events with times in whole seconds over two weeks; {@code tieEvery} > 1 rounds times so that events share them. */
    static Table events(long seed, int tieEvery) {
        SplittableRandom r = new SplittableRandom(seed);
        TableBuilder b = new TableBuilder(List.of("host", "ts", "bytes", "pkts"),
                List.of(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC, ColumnKind.NUMERIC, ColumnKind.NUMERIC));
        Set<Long> used = new HashSet<>();
        long start = 1_709_251_200L; // 2024-03-01, across the US change to summer time on 2024-03-10
        for (int i = 0; i < ROWS; i++) {
            long t;
            do {
                t = start + r.nextLong(14 * 86_400L) / tieEvery * tieEvery;
            } while (tieEvery == 1 && !used.add(t)); // distinct times: no ties anywhere
            int host = (int) Math.floor(Math.abs(r.nextGaussian()) * 12) % 40; // some hosts busy, most quiet
            String bytes = r.nextDouble() < 0.05 ? "" : Long.toString(100 + r.nextLong(5000));
            b.addRow(new String[] {"10.0.0." + host, Long.toString(t), bytes, Integer.toString(1 + r.nextInt(40))});
        }
        return b.build();
    }

    @Test
    void shufflingTheRowsChangesNoRowsFeatures() {
        Table table = events(1, 1);
        WindowFeatures windows = WindowFeatures.fit(spec(), table);
        Table out = windows.transform(table);
        int[] shuffle = permutation(table.rowCount(), 7);
        Table shuffledOut = windows.transform(table.select(shuffle));
        for (int i = 0; i < shuffle.length; i++) {
            assertSameFeatures(windows, out, shuffle[i], shuffledOut, i);
        }
        assertThat(WindowFeatures.fit(spec(), table.select(shuffle)).baselines()).usingRecursiveComparison()
                .isEqualTo(windows.baselines()); // the fit does not depend on the order either
    }

    @Test
    void removingEveryLaterEventChangesNoRowsFeatures() {
        Table table = events(2, 1);
        WindowFeatures windows = WindowFeatures.fit(spec(), table);
        Table out = windows.transform(table);
        double[] ts = table.numeric("ts").values();
        for (double cut : new double[] {1_709_251_200L + 3 * 86_400L, 1_709_251_200L + 7 * 86_400L + 1234}) {
            int[] before = IntStream.range(0, ts.length).filter(i -> ts[i] <= cut).toArray();
            Table past = windows.transform(table.select(before));
            for (int i = 0; i < before.length; i++) assertSameFeatures(windows, out, before[i], past, i);
        }
    }

    @Test
    void theOnlineStateFedInTimeOrderAnswersTheOfflineTransform() {
        Table table = events(3, 1);
        WindowFeatures windows = WindowFeatures.fit(spec(), table);
        Table out = windows.transform(table);
        OnlineWindows online = windows.online(1_000);
        for (int row : EventOrder.byTime(table.numeric("ts").values())) {
            double[] answer = online.update(record(table, row));
            for (int f = 0; f < answer.length; f++) {
                assertThat(Double.valueOf(answer[f])).as("row %d %s", row, windows.featureNames().get(f))
                        .isEqualTo(Double.valueOf(out.numeric(windows.featureNames().get(f)).get(row)));
            }
        }
        assertThat(online.lateEvents()).isZero();
        assertThat(online.updates()).isEqualTo(ROWS);
    }

    @Test
    void eventsAtTheSameTimeAreTakenInTheirOrderOfflineAndOnline() {
        Table table = events(4, 600); // times on ten-minute marks: many events of a host share one
        WindowFeatures windows = WindowFeatures.fit(spec(), table);
        Table out = windows.transform(table);
        OnlineWindows online = windows.online(1_000);
        for (int row : EventOrder.byTime(table.numeric("ts").values())) { // ties in file order, as they arrive
            double[] answer = online.update(record(table, row));
            for (int f = 0; f < answer.length; f++) {
                assertThat(Double.valueOf(answer[f])).isEqualTo(Double.valueOf(out.numeric(windows.featureNames().get(f)).get(row)));
            }
        }
        // shuffled: the events sharing a time are taken in another order, which changes their own
        // features and the lags and last-N windows of the events after them (whichever came last is
        // "1 event back"); a time window holds the same events whatever their order (summed in
        // another order, to the last bits of a double)
        Map<String, Integer> sameInstant = new HashMap<>();
        for (int i = 0; i < table.rowCount(); i++) sameInstant.merge(table.column("host").text(i) + "@" + table.column("ts").text(i), 1, Integer::sum);
        int[] shuffle = permutation(table.rowCount(), 11);
        Table shuffledOut = windows.transform(table.select(shuffle));
        int tied = 0;
        for (int i = 0; i < shuffle.length; i++) {
            if (sameInstant.get(table.column("host").text(shuffle[i]) + "@" + table.column("ts").text(shuffle[i])) > 1) {
                tied++;
                continue;
            }
            for (String f : List.of("bytes_mean_5m", "bytes_std_1h", "bytes_min_1h", "pkts_max_30m", "bytes_sum_10m", "count_1h",
                    "bytes_rate_5m", "hour_sin", "hour_cos", "weekday", "bytes_residual_hour")) {
                double expected = out.numeric(f).get(shuffle[i]);
                double actual = shuffledOut.numeric(f).get(i);
                if (Double.isNaN(expected)) assertThat(actual).as("%s of row %d", f, shuffle[i]).isNaN();
                else assertThat(actual).as("%s of row %d", f, shuffle[i]).isCloseTo(expected, within(1e-9 * Math.abs(expected)));
            }
        }
        assertThat(tied).as("the stream has ties to show").isGreaterThan(100);
    }

    static Map<String, Object> record(Table table, int row) {
        Map<String, Object> record = new HashMap<>();
        for (String c : List.of("host", "ts", "bytes", "pkts")) record.put(c, table.column(c).text(row));
        return record;
    }

    private static void assertSameFeatures(WindowFeatures windows, Table a, int rowA, Table b, int rowB) {
        for (String f : windows.featureNames()) {
            assertThat(Double.valueOf(b.numeric(f).get(rowB))).as("%s of row %d", f, rowA).isEqualTo(Double.valueOf(a.numeric(f).get(rowA)));
        }
    }

    private static int[] permutation(int n, long seed) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        java.util.Collections.shuffle(order, new java.util.Random(seed));
        return order.stream().mapToInt(Integer::intValue).toArray();
    }
}
