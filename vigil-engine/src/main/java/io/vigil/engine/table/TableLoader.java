package io.vigil.engine.table;

import io.vigil.engine.data.Cells;
import io.vigil.engine.data.ColumnProfile;
import io.vigil.engine.data.ColumnType;
import io.vigil.engine.data.DatasetProfile;
import io.vigil.engine.data.TableReader;
import io.vigil.engine.data.TimestampSyntax;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link TableReader} (CSV, TSV, JSON Lines, ARFF) into a columnar {@link Table}, typed by
 * the column types the data package declared or profiled: NUMERIC and INTEGER become numeric
 * columns, BOOLEAN becomes numeric 0/1, TIMESTAMP becomes numeric epoch seconds, CATEGORICAL
 * and TEXT become categorical. A column without a known type is categorical.
 */
public final class TableLoader {
    private TableLoader() {
    }

    /** Reads every remaining row; types come from the profile of the same data. */
    public static Table read(TableReader reader, DatasetProfile profile) throws IOException {
        Map<String, ColumnType> types = new HashMap<>();
        for (ColumnProfile c : profile.columnProfiles()) types.put(c.name(), c.type());
        return read(reader, types);
    }

    /** Reads every remaining row with the given types (e.g. {@link TableReader#declaredTypes()}). */
    public static Table read(TableReader reader, Map<String, ColumnType> types) throws IOException {
        return read(reader, types, 1024);
    }

    /**
     * The same, sized for {@code expectedRows} (a dataset's known row count): read exactly that
     * many, the table takes no more memory than its columns (see {@link TableBuilder}).
     */
    public static Table read(TableReader reader, Map<String, ColumnType> types, int expectedRows) throws IOException {
        Typed typed = new Typed(reader.columnNames(), types, expectedRows);
        String[] row;
        while ((row = reader.next()) != null) typed.add(row, reader.line());
        return typed.table();
    }

    /**
     * Rows already read (cells as a {@link TableReader} gives them, e.g. a sample of a dataset's rows) typed as
     * {@link #read(TableReader, Map)} types them.
     */
    public static Table read(List<String> names, Iterable<String[]> rows, Map<String, ColumnType> types, int expectedRows) {
        Typed typed = new Typed(names, types, expectedRows);
        long n = 0;
        for (String[] row : rows) typed.add(row.clone(), ++n);
        return typed.table();
    }

    /** A table built row by row with the columns' types. */
    private static final class Typed {
        private final List<String> names;
        private final ColumnType[] columnTypes;
        private final TableBuilder builder;

        Typed(List<String> names, Map<String, ColumnType> types, int expectedRows) {
            this.names = names;
            columnTypes = new ColumnType[names.size()];
            List<ColumnKind> kinds = new ArrayList<>();
            for (int c = 0; c < names.size(); c++) {
                columnTypes[c] = types.getOrDefault(names.get(c), ColumnType.CATEGORICAL);
                kinds.add(switch (columnTypes[c]) {
                    case NUMERIC, INTEGER, BOOLEAN, TIMESTAMP -> ColumnKind.NUMERIC;
                    case CATEGORICAL, TEXT -> ColumnKind.CATEGORICAL;
                });
            }
            builder = new TableBuilder(names, kinds, expectedRows);
        }

        void add(String[] row, long line) {
            for (int c = 0; c < row.length && c < columnTypes.length; c++) {
                if (row[c] != null) row[c] = numericText(columnTypes[c], row[c], names.get(c), line);
            }
            builder.addRow(row);
        }

        Table table() {
            List<Column> columns = new ArrayList<>(builder.build().columns());
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c) instanceof NumericColumn n && columnTypes[c] != ColumnType.NUMERIC) {
                    columns.set(c, new NumericColumn(n.name(), n.values(), columnTypes[c])); // a model tells a record's fields by it
                }
            }
            return new Table(columns);
        }
    }

    /** Booleans to 0/1 and timestamps to epoch seconds; other cells unchanged. */
    private static String numericText(ColumnType type, String raw, String column, long line) {
        switch (type) {
            case BOOLEAN -> {
                Object v = type.convert(raw);
                if (v instanceof Boolean b) return b ? "1" : "0";
                return v == null ? null : raw;
            }
            case TIMESTAMP -> {
                if (Cells.isMissing(raw)) return null;
                Long seconds = TimestampSyntax.epochSeconds(raw);
                if (seconds == null) {
                    throw new IllegalArgumentException("line " + line + ", column '" + column + "': '" + raw + "' is not a timestamp");
                }
                return Long.toString(seconds);
            }
            default -> {
                return raw;
            }
        }
    }
}
