package io.vigil.server.datasets;

import java.io.IOException;
import java.io.Writer;

/** Writes rows of text cells as RFC 4180 CSV: the form in which Vigil stores tables it makes itself. */
public final class CsvRows {
    private CsvRows() {}

    /** One row's cells, comma-separated, without the line break. */
    public static void write(Writer out, String[] cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells[i]));
        }
    }

    /** A cell holding a comma, quote or line break is quoted; null is an empty cell. */
    public static String cell(String value) {
        if (value == null) {
            return "";
        }
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
