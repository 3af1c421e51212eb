package io.vigil.engine.table;

import io.vigil.engine.data.Cells;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Table} row by row from text cells, growing primitive arrays (no boxing).
 * A cell is missing by {@link Cells#isMissing} (the profiler's rule), and so is a number too large
 * for a double: no column holds an infinity, which would poison means and scaling.
 */
public final class TableBuilder {
    private final String[] names;
    private final ColumnKind[] kinds;
    private final double[][] numbers;
    private final int[][] codes;
    private final List<Map<String, Integer>> dictionaries = new ArrayList<>();
    private final List<List<String>> values = new ArrayList<>();
    private int rows;

    public TableBuilder(List<String> names, List<ColumnKind> kinds) {
        this(names, kinds, 1024);
    }

    /**
     * With room for {@code expectedRows} (e.g. the row count a dataset's profile found): a table
     * built exactly that long keeps the arrays as they are, without the growth and the final copy
     * that otherwise take up to three times the table's memory at the peak.
     */
    public TableBuilder(List<String> names, List<ColumnKind> kinds, int expectedRows) {
        if (names.size() != kinds.size()) {
            throw new IllegalArgumentException(names.size() + " column names but " + kinds.size() + " kinds");
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("duplicate column name in " + names);
        }
        this.names = names.toArray(String[]::new);
        this.kinds = kinds.toArray(ColumnKind[]::new);
        this.numbers = new double[this.names.length][];
        this.codes = new int[this.names.length][];
        for (int c = 0; c < this.names.length; c++) {
            if (this.kinds[c] == ColumnKind.NUMERIC) numbers[c] = new double[Math.max(16, expectedRows)];
            else codes[c] = new int[Math.max(16, expectedRows)];
            dictionaries.add(new HashMap<>());
            values.add(new ArrayList<>());
        }
    }

    /** Appends one row; {@code cells} is in column order (a short row leaves the rest missing). */
    public TableBuilder addRow(String[] cells) {
        if (cells.length > names.length) {
            throw new IllegalArgumentException("row " + (rows + 1) + " has " + cells.length
                    + " cells but the table has " + names.length + " columns");
        }
        ensureCapacity(rows + 1);
        for (int c = 0; c < names.length; c++) {
            String cell = c < cells.length ? cells[c] : null;
            boolean missing = Cells.isMissing(cell);
            if (!missing) cell = cell.strip();
            if (kinds[c] == ColumnKind.NUMERIC) {
                numbers[c][rows] = missing ? Double.NaN : parse(cell, c);
            } else {
                codes[c][rows] = missing ? CategoricalColumn.MISSING : code(c, cell);
            }
        }
        rows++;
        return this;
    }

    public int rowCount() {
        return rows;
    }

    /** The table; arrays filled exactly are handed over, not copied, so add no row after this. */
    public Table build() {
        List<Column> columns = new ArrayList<>(names.length);
        for (int c = 0; c < names.length; c++) {
            columns.add(kinds[c] == ColumnKind.NUMERIC
                    ? new NumericColumn(names[c], numbers[c].length == rows ? numbers[c] : Arrays.copyOf(numbers[c], rows))
                    : new CategoricalColumn(names[c], codes[c].length == rows ? codes[c] : Arrays.copyOf(codes[c], rows), values.get(c)));
        }
        return new Table(columns);
    }

    private double parse(String cell, int column) {
        try {
            double value = Double.parseDouble(cell);
            return Double.isInfinite(value) ? Double.NaN : value;
        } catch (NumberFormatException e) {
            if (cell.equalsIgnoreCase("true")) return 1;
            if (cell.equalsIgnoreCase("false")) return 0;
            throw new IllegalArgumentException("row " + (rows + 1) + ", column '" + names[column]
                    + "': '" + cell + "' is not a number", e);
        }
    }

    private int code(int column, String cell) {
        Map<String, Integer> dict = dictionaries.get(column);
        Integer code = dict.get(cell);
        if (code == null) {
            code = dict.size();
            dict.put(cell, code);
            values.get(column).add(cell);
        }
        return code;
    }

    private void ensureCapacity(int needed) {
        for (int c = 0; c < names.length; c++) {
            if (numbers[c] != null && numbers[c].length < needed) {
                numbers[c] = Arrays.copyOf(numbers[c], numbers[c].length * 2);
            } else if (codes[c] != null && codes[c].length < needed) {
                codes[c] = Arrays.copyOf(codes[c], codes[c].length * 2);
            }
        }
    }
}
