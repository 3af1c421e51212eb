package io.vigil.engine.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an ordered event table into sliding windows per entity, the input of a sequence model
 * ({@code lstm}): for every event, the values of {@code features} at that event and at the
 * {@code window - 1} events before it of the same key (e.g. per-host flow sequences).
 *
 * <p>Output row {@code i} is the window ending at input row {@code i} (row order is kept, so a
 * time split of the input is the same split of the windows). Columns are time-major: first every
 * feature at {@code t-(W-1)}, then at {@code t-(W-2)}, ..., last at {@code t0}, each named
 * {@code <feature>_t-<lag>} ({@code <feature>_t0} for the event itself); so {@code F} features
 * make {@code W x F} columns, grouped per timestep in the order of {@code features}. The label
 * column, if given, is copied last under its own name (the label of the window's last event).
 *
 * <p>Padding: an event with fewer than {@code window - 1} predecessors gets <em>missing</em>
 * cells for the steps before its history starts (NaN, or the categorical missing code); the
 * pipeline's imputation fills them (mean imputation + standard scaling makes them 0).
 *
 * <p>Order: events of one key are ordered by the order column (numbers by value, categorical
 * cells such as ISO timestamps by text), ties by input row. A missing key is a key of its own.
 */
public final class SequenceWindows {
    private SequenceWindows() {
    }

    /** The column holding {@code feature} at {@code lag} steps before the window's last event. */
    public static String columnName(String feature, int lag) {
        return feature + "_t" + (lag == 0 ? "0" : "-" + lag);
    }

    public static Table of(Table table, String key, String order, int window, List<String> features, String label) {
        if (window < 1) throw new IllegalArgumentException("window must be >= 1, got " + window);
        if (features.isEmpty()) throw new IllegalArgumentException("no feature columns to window");
        if (features.contains(key) || features.contains(order) || (label != null && features.contains(label))) {
            throw new IllegalArgumentException("the key, order and label columns cannot also be windowed features");
        }
        int n = table.rowCount();
        int[] previous = predecessors(table.column(key), table.column(order), n);

        // lagRow[lag][i]: input row holding event i's value lag steps back, or -1 before its history
        int[][] lagRow = new int[window][n];
        for (int i = 0; i < n; i++) lagRow[0][i] = i;
        for (int lag = 1; lag < window; lag++) {
            for (int i = 0; i < n; i++) {
                int r = lagRow[lag - 1][i];
                lagRow[lag][i] = r < 0 ? -1 : previous[r];
            }
        }
        List<Column> out = new ArrayList<>(window * features.size() + 1);
        for (int lag = window - 1; lag >= 0; lag--) {
            for (String f : features) out.add(shifted(table.column(f), columnName(f, lag), lagRow[lag]));
        }
        if (label != null) out.add(table.column(label));
        return new Table(out);
    }

    /** For every row, the row of the same key's preceding event, or -1 for a key's first event. */
    private static int[] predecessors(Column key, Column order, int n) {
        Map<String, List<Integer>> byKey = new HashMap<>();
        for (int i = 0; i < n; i++) byKey.computeIfAbsent(keyOf(key, i), k -> new ArrayList<>()).add(i);
        Comparator<Integer> byOrder = orderComparator(order);
        int[] previous = new int[n];
        Arrays.fill(previous, -1);
        for (List<Integer> rows : byKey.values()) {
            rows.sort(byOrder.thenComparingInt(Integer::intValue));
            for (int j = 1; j < rows.size(); j++) previous[rows.get(j)] = rows.get(j - 1);
        }
        return previous;
    }

    private static String keyOf(Column key, int row) {
        String text = key.text(row);
        return text == null ? "\0missing" : text;
    }

    private static Comparator<Integer> orderComparator(Column order) {
        if (order instanceof NumericColumn num) {
            return Comparator.comparingDouble(num::get);
        }
        CategoricalColumn cat = (CategoricalColumn) order;
        return Comparator.comparing(cat::text, Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    private static Column shifted(Column source, String name, int[] rows) {
        if (source instanceof NumericColumn num) {
            double[] values = new double[rows.length];
            for (int i = 0; i < rows.length; i++) values[i] = rows[i] < 0 ? Double.NaN : num.get(rows[i]);
            return new NumericColumn(name, values);
        }
        CategoricalColumn cat = (CategoricalColumn) source;
        int[] codes = new int[rows.length];
        for (int i = 0; i < rows.length; i++) codes[i] = rows[i] < 0 ? CategoricalColumn.MISSING : cat.code(rows[i]);
        return new CategoricalColumn(name, codes, cat.dictionary());
    }
}
