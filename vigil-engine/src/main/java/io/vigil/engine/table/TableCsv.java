package io.vigil.engine.table;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A table written as CSV (RFC 4180: a header row, quotes doubled, LF line ends): each cell as its column's text, which
 * reads back to the same value (numbers in their shortest exact form), a missing cell empty. How rows travel to
 * another engine ({@link io.vigil.engine.algorithms.RemoteTraining#rows()}).
 */
public final class TableCsv {
    private TableCsv() {
    }

    public static void write(Table table, Path csv) throws IOException {
        try (CsvWriter out = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(csv, StandardCharsets.UTF_8)) {
            out.writeRecord(table.columnNames());
            String[] cells = new String[table.columnCount()];
            for (int r = 0; r < table.rowCount(); r++) {
                for (int c = 0; c < cells.length; c++) {
                    String text = table.columns().get(c).text(r);
                    cells[c] = text == null ? "" : text;
                }
                out.writeRecord(cells);
            }
        }
    }
}
