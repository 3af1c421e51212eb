package io.vigil.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A small HTTP client for integration tests: JSON, multipart uploads and raw bodies. It sends one
 * credential with every request that names none of its own ({@link #as}), or none at all.
 */
public final class HttpTestClient {
    private final HttpClient client;
    private final String base;
    private final String header;
    private final Supplier<String> credential;

    /** A client that sends no credential. */
    public HttpTestClient(String base) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), base, null, null);
    }

    private HttpTestClient(HttpClient client, String base, String header, Supplier<String> credential) {
        this.client = client;
        this.base = base;
        this.header = header;
        this.credential = credential;
    }

    public String base() {
        return base;
    }

    /** The same server, with {@code header: value} on every request ({@code value} read each time). */
    public HttpTestClient as(String headerName, Supplier<String> value) {
        return new HttpTestClient(client, base, headerName, value);
    }

    /** The same server, sending {@code Authorization: Bearer <token or key>}. */
    public HttpTestClient withBearer(String tokenOrKey) {
        return as("Authorization", () -> "Bearer " + tokenOrKey);
    }

    /** The same server, sending {@code X-API-Key: <key>}. */
    public HttpTestClient withApiKey(String key) {
        return as("X-API-Key", () -> key);
    }

    /** The same server, as nobody. */
    public HttpTestClient anonymous() {
        return new HttpTestClient(client, base, null, null);
    }

    /** The credential header this client sends, as {@code name: value}, or null; for requests made without it. */
    public String[] credentialHeader() {
        return credential == null ? null : new String[] {header, credential.get()};
    }

    /** {@code request} with this client's credential header set (for requests sent by another client). */
    public HttpRequest.Builder authorize(HttpRequest.Builder request) {
        if (credential != null) {
            request.setHeader(header, credential.get());
        }
        return request;
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public Response send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    public Response postJson(String path, String json) {
        return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Uploads {@code content} as the multipart part {@code file}, with the given text fields. */
    public Response upload(String path, String fileName, byte[] content, Map<String, String> fields) {
        return upload(path, fileName, () -> new java.io.ByteArrayInputStream(content), fields);
    }

    /** Multipart upload streamed from {@code content}: the test never holds a large file in memory. */
    public Response upload(String path, String fileName, Supplier<InputStream> content, Map<String, String> fields) {
        Multipart m = new Multipart();
        fields.forEach(m::field);
        if (fileName != null || content != null) {
            m.file("file", fileName, content);
        }
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "multipart/form-data; boundary=" + m.boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(m::stream)));
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpRequest built = request.timeout(Duration.ofMinutes(5)).build();
            if (credential != null && built.headers().firstValue("Authorization").isEmpty()
                    && built.headers().firstValue("X-API-Key").isEmpty()) {
                built = HttpRequest.newBuilder(built, (name, value) -> true).header(header, credential.get()).build();
            }
            HttpResponse<byte[]> r = client.send(built, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An answer: status, headers and body, with JSON helpers. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + text(), e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + (body.length > 2000 ? text().substring(0, 2000) + "..." : text());
        }
    }

    /** A multipart/form-data body built from fields and one streamed file. */
    private static final class Multipart {
        final String boundary = "vigil-" + UUID.randomUUID();
        private final Map<String, String> fields = new LinkedHashMap<>();
        private String fileField;
        private String fileName;
        private Supplier<InputStream> file;

        void field(String name, String value) {
            fields.put(name, value);
        }

        void file(String field, String name, Supplier<InputStream> content) {
            this.fileField = field;
            this.fileName = name;
            this.file = content;
        }

        InputStream stream() {
            List<InputStream> parts = new ArrayList<>();
            StringBuilder head = new StringBuilder();
            fields.forEach((k, v) -> head.append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(k).append("\"\r\n\r\n")
                    .append(v).append("\r\n"));
            if (file != null) {
                head.append("--").append(boundary).append("\r\n")
                        .append("Content-Disposition: form-data; name=\"").append(fileField).append("\"")
                        .append(fileName == null ? "" : "; filename=\"" + fileName + "\"").append("\r\n")
                        .append("Content-Type: application/octet-stream\r\n\r\n");
            }
            parts.add(bytes(head.toString()));
            if (file != null) {
                parts.add(file.get());
                parts.add(bytes("\r\n"));
            }
            parts.add(bytes("--" + boundary + "--\r\n"));
            return new SequenceInputStream(Collections.enumeration(parts));
        }

        private static InputStream bytes(String s) {
            return new java.io.ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
        }
    }
}
