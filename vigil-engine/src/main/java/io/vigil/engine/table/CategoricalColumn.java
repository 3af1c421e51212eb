package io.vigil.engine.table;

import io.vigil.engine.data.ColumnType;
import java.util.List;

/**
 * A categorical column stored as {@code int} codes into a dictionary of distinct values;
 * code {@link #MISSING} marks a missing cell. Codes follow first appearance in the data.
 */
public final class CategoricalColumn implements Column {
    /** The code of a missing cell. */
    public static final int MISSING = -1;

    private final String name;
    private final int[] codes;
    private final List<String> dictionary;

    /** Wraps {@code codes} without copying; every code must be MISSING or index the dictionary. */
    public CategoricalColumn(String name, int[] codes, List<String> dictionary) {
        this.name = name;
        this.codes = codes;
        this.dictionary = List.copyOf(dictionary);
    }

    @Override public String name() { return name; }
    @Override public ColumnKind kind() { return ColumnKind.CATEGORICAL; }
    @Override public ColumnType type() { return ColumnType.CATEGORICAL; }
    @Override public int size() { return codes.length; }
    @Override public boolean isMissing(int row) { return codes[row] == MISSING; }

    public int code(int row) { return codes[row]; }

    /** The backing array (not a copy): read it, do not write it. */
    public int[] codes() { return codes; }

    /** Distinct values; {@code dictionary().get(code)} is the value of a code. */
    public List<String> dictionary() { return dictionary; }

    @Override
    public String text(int row) {
        int c = codes[row];
        return c == MISSING ? null : dictionary.get(c);
    }

    /** How many times each code occurs (missing cells are not counted). */
    public int[] counts() {
        int[] counts = new int[dictionary.size()];
        for (int c : codes) if (c != MISSING) counts[c]++;
        return counts;
    }

    @Override
    public CategoricalColumn select(int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = codes[rows[i]];
        return new CategoricalColumn(name, out, dictionary);
    }

    @Override
    public String toString() {
        return "CategoricalColumn[" + name + ", " + codes.length + " rows, " + dictionary.size() + " values]";
    }
}
