package io.vigil.engine.data;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** One format's row reader behind {@link TableReader}. */
interface RowSource extends Closeable {

    List<String> columnNames();

    /** Column types the file declares (ARFF, Zeek); empty when the format declares none. */
    Map<String, ColumnType> declaredTypes();

    /** Fields of log lines that were not read as columns, with the number of lines that had each. */
    default Map<String, Long> ignoredFields() {
        return Map.of();
    }

    /** Whether the column names came from the file itself. */
    boolean header();

    /** The next row (length == columns, missing cells null), or null at the end of the data. */
    String[] next() throws IOException;

    /** 1-based physical line where the last returned row starts. */
    long line();
}
