package io.vigil.engine.table;

/**
 * How a column is stored in a {@link Table}: numbers as {@code double[]}, everything else as
 * dictionary codes. Booleans, text and identifiers are categorical; timestamps should be
 * converted to numbers (epoch seconds) before they reach the table.
 */
public enum ColumnKind {
    NUMERIC,
    CATEGORICAL;

    /**
     * Maps the name of a profiled column type (as produced by the data package:
     * NUMERIC, INTEGER, BOOLEAN, CATEGORICAL, TIMESTAMP, TEXT) onto a storage kind.
     */
    public static ColumnKind forTypeName(String typeName) {
        return switch (typeName.toUpperCase(java.util.Locale.ROOT)) {
            case "NUMERIC", "INTEGER", "DOUBLE", "FLOAT", "LONG" -> NUMERIC;
            default -> CATEGORICAL;
        };
    }
}
