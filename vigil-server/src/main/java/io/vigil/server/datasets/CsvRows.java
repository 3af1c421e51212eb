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
}
