package io.vigil.server.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every bad upload gets a clear 4xx problem and loses nothing: afterwards the dataset list and the
 * blob directory are exactly as before.
 */
class BadUploadsIT {
    static final int LIMIT_MB = 12;
    static TestServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("VIGIL_MAX_UPLOAD_MB", Integer.toString(LIMIT_MB)));
        http = server.http();
        // one good dataset, so "as before" is not trivially "empty"
        assertThat(http.upload("/ml/datasets", "good.csv", bytes("a,b\n1,2\n"), Map.of("name", "good")).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void emptyFile() throws IOException {
        assertRejected(422, "empty", () -> upload("empty.csv", new byte[0], Map.of()));
    }

    @Test
    void headerOnly() throws IOException {
        assertRejected(422, "no data rows", () -> upload("header.csv", bytes("a,b,c\n"), Map.of()));
    }

    @Test
    void raggedRows() throws IOException {
        assertRejected(422, "line 3", () -> upload("ragged.csv", bytes("a,b,c\n1,2,3\n4,5\n"), Map.of()));
    }

    @Test
    void binaryGarbage() throws IOException {
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        garbage[0] = 'a'; // not gzip magic
        garbage[10] = 0;
        assertRejected(422, null, () -> upload("garbage.csv", garbage, Map.of()));
    }

    @Test
    void invalidUtf8() throws IOException {
        byte[] content = bytes("a,b\n1,caf\u00e9\n");
        byte[] broken = new byte[content.length];
        System.arraycopy(content, 0, broken, 0, content.length);
        broken[broken.length - 3] = (byte) 0xC3;
        broken[broken.length - 2] = (byte) 0x28; // 0xC3 0x28 is not UTF-8
        assertRejected(422, "UTF-8", () -> upload("latin.csv", broken, Map.of()));
    }

    @Test
    void tenMegabyteSingleLine() throws IOException {
        assertRejected(422, null, () -> http.upload("/ml/datasets/upload", "long.csv",
                () -> repeat((byte) 'x', 10 * 1024 * 1024), Map.of("name", "long")));
    }

    @Test
    void overTheSizeLimit() throws IOException {
        assertRejected(413, null, () -> http.upload("/ml/datasets/upload", "big.csv",
                () -> GeneratedCsv.of((LIMIT_MB + 2) * 1024 * 1024), Map.of("name", "big")));
    }

    @Test
    void overTheSizeLimitAsARawBody() throws IOException {
        assertRejected(413, null, () -> http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(http.base() + "/ml/datasets?name=big"))
                .header("Content-Type", "text/csv")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> GeneratedCsv.of((LIMIT_MB + 2) * 1024 * 1024)))));
    }

    /**
     * Refused at the identity gate before its body is read, a client that sends its whole body
     * before reading (48 MiB: more than the sockets' buffers hold) reads the 401, not a reset.
     */
    @Test
    void anUploadWithoutIdentityIsA401TheClientReadsAfterSendingItAll() throws IOException {
        long datasetsBefore = http.get("/ml/datasets").json().get("total").asLong();
        byte[] piece = new byte[1024 * 1024];
        java.util.Arrays.fill(piece, (byte) '1');
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(bytes("POST /ml/datasets?name=anonymous HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\n"
                    + "Content-Length: " + 48L * piece.length + "\r\n\r\n"));
            for (int i = 0; i < 48; i++) {
                out.write(piece);
            }
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 401 ").contains("needs identity");
        }
        assertThat(http.get("/ml/datasets").json().get("total").asLong()).isEqualTo(datasetsBefore);
    }

    @Test
    void aFileNameThatIsAPath() throws IOException {
        JsonNode p = assertRejected(400, null, () -> upload("../../etc/passwd", bytes("a,b\n1,2\n"), Map.of("name", "passwd")));
        assertThat(p.get("errors").findValuesAsText("field")).contains("file");
    }

    @Test
    void missingFilePart() throws IOException {
        JsonNode p = assertRejected(400, null, () -> http.upload("/ml/datasets/upload", null, (Supplier<InputStream>) null, Map.of("name", "nofile")));
        assertThat(p.get("errors").findValuesAsText("field")).contains("file");
    }

    @Test
    void unknownFormat() throws IOException {
        JsonNode p = assertRejected(400, null, () -> upload("x.csv", bytes("a,b\n1,2\n"), Map.of("format", "xlsx")));
        assertThat(p.get("errors").findValuesAsText("field")).contains("format");
    }

    @Test
    void unknownEncoding() throws IOException {
        JsonNode p = assertRejected(400, null, () -> upload("x.csv", bytes("a,b\n1,2\n"), Map.of("encoding", "klingon-8")));
        assertThat(p.get("errors").findValuesAsText("field")).contains("encoding");
    }

    @Test
    void labelColumnThatIsNotThere() throws IOException {
        JsonNode p = assertRejected(422, null, () -> upload("x.csv", bytes("a,b\n1,2\n"), Map.of("labelColumn", "class")));
        assertThat(p.get("errors").findValuesAsText("field")).contains("labelColumn");
    }

    @Test
    void aJsonBodyIsTheWrongMediaType() throws IOException {
        assertRejected(415, null, () -> http.postJson("/ml/datasets/upload", "{\"name\":\"x\"}"));
    }

    private static Response upload(String fileName, byte[] content, Map<String, String> fields) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("name", "bad"));
        all.putAll(fields);
        return http.upload("/ml/datasets/upload", fileName, content, all);
    }

    private static JsonNode assertRejected(int status, String detailContains, Supplier<Response> call) throws IOException {
        long datasetsBefore = http.get("/ml/datasets").json().get("total").asLong();
        List<String> filesBefore = dataFiles();
        Response r = call.get();
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
        if (detailContains != null) {
            assertThat(problem.get("detail").asText()).containsIgnoringCase(detailContains);
        }
        assertThat(http.get("/ml/datasets").json().get("total").asLong()).isEqualTo(datasetsBefore);
        assertThat(dataFiles()).isEqualTo(filesBefore);
        return problem;
    }

    /** Every file under the data directory: blobs, temporary blobs and spooled multipart uploads. */
    private static List<String> dataFiles() throws IOException {
        Path data = server.dataDir();
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(Files::isRegularFile).map(p -> data.relativize(p).toString()).sorted().toList();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code size} bytes of {@code b}, generated as read. */
    static InputStream repeat(byte b, long size) {
        return new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? b : -1;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(buf, off, off + n, b);
                left -= n;
                return n;
            }
        };
    }
}
