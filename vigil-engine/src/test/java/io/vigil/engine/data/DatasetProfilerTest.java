package io.vigil.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class DatasetProfilerTest {

    /** Profiles one column whose i-th cell is {@code cell.apply(i)}. */
    private static ColumnProfile column(int rows, IntFunction<String> cell) {
        DatasetProfiler profiler = new DatasetProfiler(List.of("v"), null, Map.of());
        for (int i = 0; i < rows; i++) {
            profiler.accept(new String[] {cell.apply(i)});
        }
        return profiler.finish().columnProfiles().get(0);
    }

    private static ColumnProfile column(String... cells) {
        return column(cells.length, i -> cells[i]);
    }

    @Test
    void statisticsOfASmallSeriesMatchHandComputedValues() {
        ColumnProfile p = column("2", "4", "4", "4", "5", "5", "7", "9", "", "NA");
        assertThat(p.type()).isEqualTo(ColumnType.INTEGER);
        assertThat(p.count()).isEqualTo(8);
        assertThat(p.missing()).isEqualTo(2);
        assertThat(p.completeness()).isEqualTo(80.0);
        assertThat(p.distinct()).isEqualTo(5);
        assertThat(p.distinctExact()).isTrue();
        NumericSummary s = p.numeric();
        assertThat(s.min()).isEqualTo(2);
        assertThat(s.max()).isEqualTo(9);
        assertThat(s.mean()).isEqualTo(5.0);
        assertThat(s.std()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12)); // sum of squares 32, n-1 = 7
        assertThat(s.quantilesExact()).isTrue();
        // nearest rank: p -> the ceil(p*8)-th smallest
        assertThat(s.quantiles()).containsExactly(Map.entry("p1", 2.0), Map.entry("p5", 2.0), Map.entry("p25", 4.0),
                Map.entry("p50", 4.0), Map.entry("p75", 5.0), Map.entry("p95", 9.0), Map.entry("p99", 9.0));
        // 20 bins of width 0.35 over [2, 9]: 2 -> 0, 4 -> 5, 5 -> 8, 7 -> 14, 9 -> last
        long[] expected = new long[20];
        expected[0] = 1;
        expected[5] = 3;
        expected[8] = 2;
        expected[14] = 1;
        expected[19] = 1;
        assertThat(s.histogram().counts()).containsExactly(expected);
        assertThat(s.histogram().edges()).hasSize(21);
        assertThat(s.histogram().edges()[0]).isEqualTo(2.0);
        assertThat(s.histogram().edges()[20]).isEqualTo(9.0);
        assertThat(s.histogram().edges()[1]).isCloseTo(2.35, within(1e-12));
        assertThat(p.topValues().get(0)).isEqualTo(new ValueCount("4", 3, 3.0 / 8));
        assertThat(p.topValuesExact()).isTrue();
    }

    @Test
    void quantilesUseTheNearestRank() {
        NumericSummary s = column("70", "10", "50", "30", "20", "60", "40").numeric();
        // n = 7: p25 -> ceil(1.75) = 2nd, p50 -> ceil(3.5) = 4th, p75 -> ceil(5.25) = 6th, p95 -> ceil(6.65) = 7th
        assertThat(s.quantiles()).containsEntry("p25", 20.0).containsEntry("p50", 40.0)
                .containsEntry("p75", 60.0).containsEntry("p95", 70.0).containsEntry("p1", 10.0);
    }

    @Test
    void constantColumnHasOneBin() {
        NumericSummary s = column("3.5", "3.5", "3.5").numeric();
        assertThat(s.histogram().edges()).containsExactly(3.5, 3.5);
        assertThat(s.histogram().counts()).containsExactly(3);
        assertThat(s.std()).isZero();
    }

    @Test
    void inferredTypes() {
        assertThat(column("1", "-2", "003", "?").type()).isEqualTo(ColumnType.INTEGER);
        assertThat(column("1.5", "2", "1e3", "-0.25").type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(column("yes", "No", "TRUE", "false", "").type()).isEqualTo(ColumnType.BOOLEAN);
        assertThat(column("2024-01-02", "2024-01-02 10:00:00", "2024-01-02T10:00:00Z", "N/A").type())
                .isEqualTo(ColumnType.TIMESTAMP);
        assertThat(column(300, i -> List.of("tcp", "udp", "icmp").get(i % 3)).type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(column(300, i -> "user " + i + " logged in").type()).isEqualTo(ColumnType.TEXT);
        assertThat(column(3, i -> "x".repeat(101 + i)).type()).isEqualTo(ColumnType.TEXT);
        assertThat(column("", null, "NaN").type()).isEqualTo(ColumnType.TEXT);
    }

    @Test
    void aColumnThatStopsBeingNumericLosesItsNumericSummary() {
        ColumnProfile p = column(100, i -> i < 99 ? Integer.toString(i % 4) : "x");
        assertThat(p.type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(p.numeric()).isNull();
        assertThat(p.topValues().get(0)).isEqualTo(new ValueCount("0", 25, 0.25));
        assertThat(column("1", "2", "2024-01-01").type()).isEqualTo(ColumnType.CATEGORICAL);
    }

    @Test
    void declaredTypesWin() {
        DatasetProfiler profiler = new DatasetProfiler(List.of("flag", "n"), null,
                Map.of("flag", ColumnType.CATEGORICAL, "n", ColumnType.NUMERIC));
        profiler.accept(new String[] {"0", "1"});
        profiler.accept(new String[] {"1", "2"});
        DatasetProfile profile = profiler.finish();
        assertThat(profile.columnProfiles().get(0).type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(profile.columnProfiles().get(0).numeric()).isNull();
        assertThat(profile.columnProfiles().get(1).type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(profile.columnProfiles().get(1).numeric().mean()).isEqualTo(1.5);
    }

    @Test
    void lowCardinalityColumnsKeepExactQuantilesBeyondTheBuffer() {
        int rows = 50_000; // more than the exact buffer, 10 distinct values
        ColumnProfile p = column(rows, i -> Integer.toString(i % 10));
        NumericSummary s = p.numeric();
        assertThat(s.quantilesExact()).isTrue();
        assertThat(s.quantiles()).containsEntry("p50", 4.0).containsEntry("p1", 0.0).containsEntry("p99", 9.0)
                .containsEntry("p25", 2.0).containsEntry("p75", 7.0);
        long[] counts = s.histogram().counts();
        assertThat(Arrays.stream(counts).sum()).isEqualTo(rows);
        for (int value = 0; value < 10; value++) {
            assertThat(counts[NumericStats.bin(s.histogram().edges(), value)]).isEqualTo(rows / 10);
        }
    }

    @Test
    void highCardinalityColumnsUseTheSketchWithinItsErrorBounds() {
        int rows = 200_000;
        int[] permutation = shuffled(rows, 11);
        ColumnProfile p = column(rows, i -> Integer.toString(permutation[i]));
        NumericSummary s = p.numeric();
        assertThat(s.quantilesExact()).isFalse();
        assertThat(s.min()).isZero();
        assertThat(s.max()).isEqualTo(rows - 1);
        assertThat(s.mean()).isCloseTo((rows - 1) / 2.0, within(1e-6));
        assertThat(s.quantiles().get("p50")).isCloseTo(rows * 0.50, within(rows * 0.01));
        assertThat(s.quantiles().get("p95")).isCloseTo(rows * 0.95, within(rows * 0.01));
        long[] counts = s.histogram().counts();
        assertThat(Arrays.stream(counts).sum()).isEqualTo(rows);
        for (long count : counts) {
            assertThat(count).isCloseTo(rows / 20, within((long) (rows * 0.02))); // KLL k=400 rank error, twice
        }
        assertThat(p.distinctExact()).isFalse();
        assertThat((double) p.distinct()).isCloseTo(rows, within(rows * 0.05));
        assertThat(p.distinct()).isLessThanOrEqualTo(rows); // the estimate may overshoot; the count caps it
        assertThat(p.topValuesExact()).isFalse();
        assertThat(p.topValues()).isEmpty(); // every value occurs once: none is frequent
    }

    @Test
    void topValuesBeyondTheExactCapStillFindTheHeavyHitter() {
        int rows = 30_000;
        ColumnProfile p = column(rows, i -> i % 3 == 0 ? "scanner" : "host-" + i);
        assertThat(p.topValuesExact()).isFalse();
        assertThat(p.topValues().get(0).value()).isEqualTo("scanner");
        assertThat(p.topValues().get(0).count()).isCloseTo(rows / 3, within((long) (3.5 * rows / 1024)));
        assertThat(p.topValues()).hasSize(1); // the unique host names are not listed as frequent
        assertThat(p.distinct()).isCloseTo(rows * 2 / 3 + 1, within((long) (rows * 0.05)));
        assertThat(p.type()).isEqualTo(ColumnType.TEXT);
    }

    @Test
    void duplicateRowsAndClassBalance() {
        DatasetProfiler profiler = new DatasetProfiler(List.of("a", "b", "label"), "label", null);
        String[][] rows = {
            {"1", "x", "normal"}, {"1", "x", "normal"}, {"2", "x", "attack"}, {"1", "x", "normal"},
            {"2", "y", "attack"}, {"2", "x", "attack"}, {"3", null, "normal"}, {"3", null, "normal"}, {"3", "", null}};
        for (String[] row : rows) {
            profiler.accept(row);
        }
        DatasetProfile profile = profiler.finish();
        assertThat(profile.rows()).isEqualTo(9);
        assertThat(profile.columns()).isEqualTo(3);
        assertThat(profile.duplicateRows()).isEqualTo(4); // 2 more "1,x,normal", 1 "2,x,attack", 1 "3,,normal"
        assertThat(profile.duplicateRowsExact()).isTrue();
        assertThat(profile.labelColumn()).isEqualTo("label");
        assertThat(profile.classBalance()).containsExactly(
                new ValueCount("normal", 5, 5.0 / 8), new ValueCount("attack", 3, 3.0 / 8));
        assertThat(profile.classBalanceExact()).isTrue();
        assertThat(profile.columnProfiles().get(2).missing()).isEqualTo(1);
    }

    @Test
    void withoutLabelThereIsNoClassBalance() {
        DatasetProfiler profiler = new DatasetProfiler(List.of("a"), null, Map.of());
        profiler.accept(new String[] {"1"});
        assertThat(profiler.finish().classBalance()).isNull();
    }

    @Test
    void unknownLabelIsRejectedClearly() {
        assertThatThrownBy(() -> new DatasetProfiler(List.of("a", "b"), "class", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the label column 'class' is not one of the columns [a, b]");
    }

    @Test
    void profileFromAReaderAndJsonRoundTrip() throws IOException {
        String csv = "proto,bytes,when,label\n"
                + "tcp,10,2024-01-01 00:00:00,normal\n"
                + "udp,20.5,2024-01-01 00:00:01,attack\n"
                + "tcp,,2024-01-01 00:00:02,normal\n";
        DatasetProfile profile;
        try (TableReader reader = Inputs.open(csv)) {
            profile = DatasetProfiler.profile(reader, "label");
        }
        assertThat(profile.rows()).isEqualTo(3);
        assertThat(profile.columnProfiles()).extracting(ColumnProfile::type).containsExactly(
                ColumnType.CATEGORICAL, ColumnType.NUMERIC, ColumnType.TIMESTAMP, ColumnType.CATEGORICAL);
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(profile);
        assertThat(json).contains("\"columnProfiles\"", "\"classBalance\"", "\"quantiles\":{\"p1\"");
        DatasetProfile back = mapper.readValue(json, DatasetProfile.class);
        assertThat(mapper.writeValueAsString(back)).isEqualTo(json);
    }

    @Test
    void rowWidthIsChecked() {
        DatasetProfiler profiler = new DatasetProfiler(List.of("a", "b"), null, Map.of());
        assertThatThrownBy(() -> profiler.accept(new String[] {"1"})).isInstanceOf(IllegalArgumentException.class);
    }

    private static int[] shuffled(int n, long seed) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
        return values;
    }
}
