package io.vigil.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Uploads NSL-KDD files (no header row) over HTTP, naming their 43 columns. */
public final class NslKddFiles {
    /** The 43 column names of the NSL-KDD .txt files, comma-separated as the upload form wants them. */
    public static final String COLUMNS = String.join(",", io.vigil.engine.datasets.NslKdd.COLUMNS);

    private NslKddFiles() {}

    /** Uploads {@code nsl-kdd/<file>} and returns the new dataset's id. */
    public static String upload(HttpTestClient http, String file, String name) {
        Path path = SharedData.file("nsl-kdd/" + file);
        HttpTestClient.Response r = http.upload("/ml/datasets/upload", file, () -> open(path),
                Map.of("name", name, "columns", COLUMNS, "labelColumn", "label", "format", "csv"));
        if (r.status() != 201) {
            throw new AssertionError("upload of " + file + " failed: " + r);
        }
        return r.json().get("id").asText();
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cell of an NSL-KDD line as a record's value: a whole number, a number, or text. */
    public static Object typed(String cell) {
        try {
            return Long.parseLong(cell);
        } catch (NumberFormatException notWhole) {
            try {
                return Double.parseDouble(cell);
            } catch (NumberFormatException notNumber) {
                return cell;
            }
        }
    }
}
