package io.vigil.engine.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Profiles a table in one pass with bounded memory, whatever the row count: per column the type
 * (declared or inferred), missing values, distinct values, numeric summary and top values; for the
 * table the duplicate rows and the label's class balance.
 *
 * <p>Memory does not grow with the row count. Per column: exact value counts for up to 1,000
 * distinct values (these also give exact distinct counts and, for numeric columns, exact quantiles
 * and histograms), then a frequent-items sketch; exact distinct hashes up to 10,000 values (128 KB),
 * then HLL; up to 16,384 buffered numbers (128 KB), then KLL. Cell texts kept for top values are
 * cut at 200 characters. Label classes are counted exactly up to 10,000 classes. Duplicate rows
 * (same cell texts, compared by a 64-bit row hash): exact up to 1.5 M rows (16 MB), then HLL.
 * Worst case about 45 MB for 43 columns; measured 24 MB of live heap while profiling 2 M rows of
 * 43 high-cardinality columns, 5 MB once past the exact duplicate limit.
 *
 * <p>Type inference over non-missing cells: all whole numbers → INTEGER; all numbers → NUMERIC;
 * all true/false/yes/no → BOOLEAN; all ISO-8601 dates or {@code yyyy-MM-dd HH:mm:ss} → TIMESTAMP;
 * else CATEGORICAL when distinct ≤ max(50, 5 % of values) and no value exceeds 100 characters,
 * else TEXT. A declared (ARFF) type always wins. A column with no values is TEXT.
 *
 * <p>Not thread-safe.
 */
public final class DatasetProfiler {

    private final List<String> columns;
    private final String labelColumn;
    private final ColumnStats[] stats;
    private final ColumnStats label;
    private final DuplicateRowCounter duplicates = new DuplicateRowCounter();
    private long rows;

    /**
     * @param columns       the column names, in row order
     * @param labelColumn   the label column, or null; must be one of {@code columns}
     * @param declaredTypes types declared by the file (may be null or empty); they override inference
     * @throws IllegalArgumentException when the label or a declared type names an unknown column
     */
    public DatasetProfiler(List<String> columns, String labelColumn, Map<String, ColumnType> declaredTypes) {
        this.columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
        Map<String, ColumnType> declared = declaredTypes == null ? Map.of() : declaredTypes;
        Set<String> known = new HashSet<>(this.columns);
        if (labelColumn != null && !known.contains(labelColumn)) {
            throw new IllegalArgumentException("the label column '" + labelColumn + "' is not one of the columns "
                    + abbreviate(this.columns));
        }
        for (String name : declared.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("a type is declared for '" + name + "', which is not a column");
            }
        }
        this.labelColumn = labelColumn;
        NumberSyntax numbers = new NumberSyntax();
        this.stats = new ColumnStats[this.columns.size()];
        ColumnStats labelStats = null;
        for (int i = 0; i < stats.length; i++) {
            String name = this.columns.get(i);
            boolean isLabel = name.equals(labelColumn);
            stats[i] = new ColumnStats(name, declared.get(name), isLabel, numbers);
            if (isLabel) {
                labelStats = stats[i];
            }
        }
        this.label = labelStats;
    }

    /** Profiles every remaining row of {@code reader}. */
    public static DatasetProfile profile(TableReader reader, String labelColumn) throws IOException {
        DatasetProfiler profiler = new DatasetProfiler(reader.columnNames(), labelColumn, reader.declaredTypes());
        String[] row;
        while ((row = reader.next()) != null) {
            profiler.accept(row);
        }
        return profiler.finish();
    }

    /** Accounts one row: one cell per column, null for missing. */
    public void accept(String[] row) {
        if (row.length != stats.length) {
            throw new IllegalArgumentException("a row has " + row.length + " cells, expected " + stats.length);
        }
        long rowHash = 17;
        for (int i = 0; i < stats.length; i++) {
            rowHash = Hashing.combine(rowHash, stats[i].accept(row[i]));
        }
        duplicates.add(rowHash);
        rows++;
    }

    /** The profile of the rows accepted so far. */
    public DatasetProfile finish() {
        List<ColumnProfile> profiles = new ArrayList<>(stats.length);
        for (ColumnStats column : stats) {
            profiles.add(column.profile(rows));
        }
        List<ValueCount> balance = label == null ? null : label.allValues();
        boolean balanceExact = label == null || label.valuesExact();
        return new DatasetProfile(rows, stats.length, duplicates.duplicates(), duplicates.isExact(), labelColumn,
                List.copyOf(profiles), balance, balanceExact);
    }

    private static String abbreviate(List<String> names) {
        if (names.size() <= 20) {
            return names.toString();
        }
        return names.subList(0, 20) + " and " + (names.size() - 20) + " more";
    }
}
