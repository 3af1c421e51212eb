package io.vigil.engine.table;

/** One column of a {@link Table}: either {@link NumericColumn} or {@link CategoricalColumn}. */
public sealed interface Column permits NumericColumn, CategoricalColumn {

    String name();

    ColumnKind kind();

    int size();

    boolean isMissing(int row);

    /** The cell as text (null when missing), for display and hashing; not for hot loops. */
    String text(int row);

    /** A new column holding the given rows, in that order. */
    Column select(int[] rows);
}
