package io.vigil.cli.http;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A multipart/form-data body of text fields plus one file. The file is streamed from disk by
 * the HTTP client (never held in memory) and the total length is known up front, so the request
 * carries a Content-Length and the server can refuse an oversized upload at once.
 */
public final class MultipartBody {
    private final String boundary = "vigil-" + Long.toHexString(new SecureRandom().nextLong())
            + Long.toHexString(System.nanoTime());
    private final Map<String, String> fields = new LinkedHashMap<>();

    /** Adds a text field; a null value is left out. */
    public MultipartBody field(String name, String value) {
        if (value != null) fields.put(name, value);
        return this;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The body: the fields, then the file as the part {@code fileField}, then the closing boundary. */
    public BodyPublisher publisher(String fileField, Path file) throws FileNotFoundException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(head, "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + quote(name) + "\"\r\n\r\n" + value + "\r\n"));
        write(head, "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + quote(fileField) + "\"; filename=\""
                + quote(String.valueOf(file.getFileName())) + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n");
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return BodyPublishers.concat(
                BodyPublishers.ofByteArray(head.toByteArray()),
                BodyPublishers.ofFile(file),
                BodyPublishers.ofByteArray(tail));
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    // A quote or line break in a name would end the header early.
    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", " ").replace("\n", " ");
    }
}
