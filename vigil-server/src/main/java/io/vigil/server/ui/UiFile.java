package io.vigil.server.ui;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * One file of the dashboard, held in memory as served: its bytes, its content type, and its gzip
 * form, made on first demand (the chart library alone takes tens of milliseconds to compress, which
 * no start of the server should pay for a page nobody opened).
 */
public final class UiFile {
    private final String path;
    private final String contentType;
    private final byte[] bytes;
    private volatile byte[] gzipped;

    UiFile(String path, String contentType, byte[] bytes) {
        this.path = path;
        this.contentType = contentType;
        this.bytes = bytes;
    }

    /** Its path under {@code ui/}, such as {@code pages/login.js}. */
    public String path() {
        return path;
    }

    public String contentType() {
        return contentType;
    }

    public byte[] bytes() {
        return bytes;
    }

    /** Whether it is text that compresses; images and fonts are compressed already. */
    public boolean compressible() {
        return contentType.startsWith("text/") || contentType.startsWith("application/json") || contentType.startsWith("image/svg");
    }

    /** The gzip form of the bytes (compressed once, then kept). */
    public byte[] gzipped() {
        byte[] made = gzipped;
        if (made == null) {
            made = gzip(bytes);
            gzipped = made;
        }
        return made;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
            }
        }) {
            zip.write(bytes);
        } catch (IOException e) { // in memory: cannot happen
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
