package io.vigil.engine.table;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A typed, columnar, immutable in-memory table: numeric columns are {@code double[]},
 * categorical columns are {@code int} dictionary codes. Memory is proportional to the data.
 */
public final class Table {
    private final List<Column> columns;
    private final Map<String, Column> byName = new LinkedHashMap<>();
    private final int rowCount;

    public Table(List<Column> columns) {
        this.columns = List.copyOf(columns);
        int rows = columns.isEmpty() ? 0 : columns.get(0).size();
        for (Column column : columns) {
            if (column.size() != rows) {
                throw new IllegalArgumentException("column '" + column.name() + "' has " + column.size()
                        + " rows, expected " + rows);
            }
            if (byName.put(column.name(), column) != null) {
                throw new IllegalArgumentException("duplicate column '" + column.name() + "'");
            }
        }
        this.rowCount = rows;
    }

    /** Reads every row of {@code rows} (cells in the order of {@code names}) into a table. */
    public static Table fromRows(Iterator<String[]> rows, List<String> names, List<ColumnKind> kinds) {
        TableBuilder builder = new TableBuilder(names, kinds);
        while (rows.hasNext()) builder.addRow(rows.next());
        return builder.build();
    }

    public static TableBuilder builder(List<String> names, List<ColumnKind> kinds) {
        return new TableBuilder(names, kinds);
    }

    public int rowCount() { return rowCount; }

    public int columnCount() { return columns.size(); }

    public List<Column> columns() { return columns; }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public boolean has(String name) { return byName.containsKey(name); }

    public Column column(String name) {
        Column column = byName.get(name);
        if (column == null) {
            throw new IllegalArgumentException("no column '" + name + "' (columns: " + byName.keySet() + ")");
        }
        return column;
    }

    public NumericColumn numeric(String name) {
        if (column(name) instanceof NumericColumn n) return n;
        throw new IllegalArgumentException("column '" + name + "' is categorical, not numeric");
    }

    public CategoricalColumn categorical(String name) {
        if (column(name) instanceof CategoricalColumn c) return c;
        throw new IllegalArgumentException("column '" + name + "' is numeric, not categorical");
    }

    /** A new table with the given rows (indices may repeat), in that order. */
    public Table select(int[] rows) {
        List<Column> out = new ArrayList<>(columns.size());
        for (Column column : columns) out.add(column.select(rows));
        return new Table(out);
    }

    /** Replaces (or appends) a column; the result is a new table. */
    public Table with(Column column) {
        List<Column> out = new ArrayList<>(columns);
        int i = columnNames().indexOf(column.name());
        if (i >= 0) out.set(i, column); else out.add(column);
        return new Table(out);
    }

    /** One row as text cells (null when missing), in column order. */
    public String[] row(int row) {
        String[] cells = new String[columns.size()];
        for (int c = 0; c < cells.length; c++) cells[c] = columns.get(c).text(row);
        return cells;
    }

    /**
     * SHA-256 of the table's content (names, kinds and every cell), identical for identical data
     * whatever the source format; recorded in model provenance.
     */
    public String contentSha256() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buffer = ByteBuffer.allocate(8);
        for (Column column : columns) {
            digest.update((column.name() + '\u0000' + column.kind() + '\u0000').getBytes(StandardCharsets.UTF_8));
            if (column instanceof NumericColumn n) {
                for (double v : n.values()) {
                    buffer.clear();
                    buffer.putDouble(Double.isNaN(v) ? Double.NaN : v);
                    digest.update(buffer.array());
                }
            } else {
                CategoricalColumn c = (CategoricalColumn) column;
                byte[][] encoded = new byte[c.dictionary().size()][];
                for (int i = 0; i < encoded.length; i++) {
                    encoded[i] = (c.dictionary().get(i) + '\u0001').getBytes(StandardCharsets.UTF_8);
                }
                for (int code : c.codes()) digest.update(code < 0 ? new byte[] {0} : encoded[code]);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public String toString() {
        return "Table[" + rowCount + " rows x " + columns.size() + " columns " + columnNames() + "]";
    }
}
