package io.vigil.engine.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.AbstractThrowableAssert;

/** Small helpers to feed hand-made inputs to {@link TableReader}. */
final class Inputs {

    private Inputs() {
    }

    static InputStream bytes(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static TableReader open(String text) throws IOException {
        return open(utf8(text), ReadOptions.detect(), null);
    }

    static TableReader open(byte[] bytes, ReadOptions options, String fileName) throws IOException {
        return TableReader.open(bytes(bytes), options, fileName);
    }

    /** All rows of a reader (closing it). */
    static List<String[]> readAll(TableReader reader) throws IOException {
        try (reader) {
            List<String[]> rows = new ArrayList<>();
            String[] row;
            while ((row = reader.next()) != null) {
                rows.add(row);
            }
            return rows;
        }
    }

    static List<String[]> rows(String text) throws IOException {
        return readAll(open(text));
    }

    /** Asserts that opening and reading everything fails with a DataFormatException. */
    static AbstractThrowableAssert<?, ? extends Throwable> assertReadFails(byte[] bytes, ReadOptions options, String fileName) {
        return assertThatThrownBy(() -> readAll(open(bytes, options, fileName))).isInstanceOf(DataFormatException.class);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertReadFails(String text) {
        return assertReadFails(utf8(text), ReadOptions.detect(), null);
    }
}
