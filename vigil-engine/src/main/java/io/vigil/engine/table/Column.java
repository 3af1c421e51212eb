package io.vigil.engine.table;

import io.vigil.engine.data.ColumnType;

/** One column of a {@link Table}: either {@link NumericColumn} or {@link CategoricalColumn}. */
public sealed interface Column permits NumericColumn, CategoricalColumn {

    String name();

    ColumnKind kind();

    /**
     * What the values were in the data read: a numeric column may hold INTEGER, BOOLEAN (1/0) or
     * TIMESTAMP (epoch seconds) values as well as NUMERIC ones; a categorical column is CATEGORICAL.
     */
    ColumnType type();

    int size();

    boolean isMissing(int row);

    /** The cell as text (null when missing), for display and hashing; not for hot loops. */
    String text(int row);

    /** A new column holding the given rows, in that order. */
    Column select(int[] rows);
}
