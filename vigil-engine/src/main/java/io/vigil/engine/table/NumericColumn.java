package io.vigil.engine.table;

import io.vigil.engine.data.ColumnType;
import java.util.Arrays;

/** A numeric column backed by a {@code double[]}; a missing cell is {@code NaN}. */
public final class NumericColumn implements Column {
    private final String name;
    private final double[] values;
    private final ColumnType type;

    /** Wraps {@code values} without copying: the caller hands the array over. */
    public NumericColumn(String name, double[] values) {
        this(name, values, ColumnType.NUMERIC);
    }

    /** The same, for values read from a column of {@code type}: NUMERIC, INTEGER, BOOLEAN or TIMESTAMP. */
    public NumericColumn(String name, double[] values, ColumnType type) {
        if (type == ColumnType.CATEGORICAL || type == ColumnType.TEXT) {
            throw new IllegalArgumentException("column '" + name + "': " + type + " values are not numbers");
        }
        this.name = name;
        this.values = values;
        this.type = type;
    }

    @Override public String name() { return name; }
    @Override public ColumnKind kind() { return ColumnKind.NUMERIC; }
    @Override public ColumnType type() { return type; }
    @Override public int size() { return values.length; }
    @Override public boolean isMissing(int row) { return Double.isNaN(values[row]); }

    public double get(int row) { return values[row]; }

    /** The backing array (not a copy): read it, do not write it. */
    public double[] values() { return values; }

    @Override
    public String text(int row) {
        double v = values[row];
        return Double.isNaN(v) ? null : text(v);
    }

    /** A number as a person writes it: a whole number without ".0" (2, not 2.0). */
    public static String text(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public NumericColumn select(int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = values[rows[i]];
        return new NumericColumn(name, out, type);
    }

    @Override
    public String toString() {
        return "NumericColumn[" + name + ", " + values.length + " rows, "
                + Arrays.toString(Arrays.copyOf(values, Math.min(5, values.length))) + "...]";
    }
}
