package io.vigil.server.datasets;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The CSV form in which Vigil stores tables it makes itself (batch predictions, joined datasets):
 * UTF-8, comma-separated, RFC 4180 quoting, one line feed per row. {@link DatasetService#storeCsv}
 * reads it back.
 */
public final class CsvRows {
    private CsvRows() {}

    /** A writer of such a file at {@code csv} (created or truncated); a null cell is written empty. */
    public static CsvWriter writer(Path csv) throws IOException {
        return CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(csv, StandardCharsets.UTF_8);
    }

    /** A cell of an engine table as such a file holds it (null for missing); a timestamp in ISO-8601. */
    public static String text(io.vigil.engine.table.Column column, int row) {
        if (column instanceof io.vigil.engine.table.NumericColumn n && n.type() == io.vigil.engine.data.ColumnType.TIMESTAMP
                && !n.isMissing(row)) {
            double seconds = n.get(row);
            long whole = (long) Math.floor(seconds);
            return java.time.Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9)).toString();
        }
        return column.text(row);
    }
}
