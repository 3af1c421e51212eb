package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Access;
import io.vigil.server.core.Json;
import io.vigil.server.testing.RawHttp.Answer;
import io.vigil.server.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link BodyReader} on a real server: bodies reach the handlers whole however they arrive, a body
 * that stops arriving is a 408 after the body timeout, sizes past the limits are 413 before the
 * body is read, a malformed body is a 400, and large uploads wait in a temporary file that goes
 * with the request.
 */
class BodyReaderTest {
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(1);
    private static final long MAX_UPLOAD = 24L * 1024 * 1024;
    static HttpServer server;
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        tmp = Files.createTempDirectory("vigil-body-");
        List<Route> routes = List.of(
                Route.get("/ok", Access.PUBLIC, ctx -> ctx.result("ok")),
                Route.post("/echo", Access.PUBLIC, ctx -> ctx.contentType("application/octet-stream").result(Bodies.bytes(ctx))),
                Route.post("/upload", Access.PUBLIC, ctx -> {
                    boolean inFile = bodyFiles() == 1;
                    long length;
                    try (InputStream in = ctx.req().getInputStream()) {
                        length = in.transferTo(OutputStream.nullOutputStream());
                    }
                    ctx.result(length + " " + (inFile ? "file" : "memory"));
                }).upload());
        server = HttpServer.start(new HttpServer.Settings("127.0.0.1", 0, MAX_UPLOAD, tmp, 0, BODY_TIMEOUT), routes);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBodyThatStopsArrivingIsA408AfterTheBodyTimeoutAndTheConnectionCloses() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(ascii("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789"));
            long sent = System.nanoTime();
            socket.setSoTimeout(10_000);
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // to the close
            Duration waited = Duration.ofNanos(System.nanoTime() - sent);

            assertThat(answer).startsWith("HTTP/1.1 408 ").containsIgnoringCase("Content-Type: application/problem+json")
                    .containsIgnoringCase("Connection: close").containsIgnoringCase("X-Content-Type-Options: nosniff");
            JsonNode problem = Json.MAPPER.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(problem.get("status").asInt()).isEqualTo(408);
            assertThat(problem.get("detail").asText()).contains("no bytes for 1 s").contains("VIGIL_BODY_TIMEOUT_SECONDS");
            assertThat(problem.get("instance").asText()).isEqualTo("/echo");
            assertThat(waited).isBetween(BODY_TIMEOUT.minusMillis(100), BODY_TIMEOUT.plusSeconds(3));
        }
    }

    @Test
    void aBodyThatKeepsArrivingIsNotCutOffHoweverLongItTakes() throws Exception {
        byte[] body = ascii("0123456789");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(ascii("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n"));
            for (byte b : body) { // 10 bytes over 3 s, each gap well inside the 1 s timeout
                out.write(b);
                out.flush();
                Thread.sleep(300);
            }
            socket.setSoTimeout(10_000);
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\n0123456789");
        }
    }

    @Test
    void bodiesSentInPiecesOrChunkedReachTheHandlerWhole() throws Exception {
        byte[] body = randomBytes(300_000, 1);
        Answer whole = RawHttp.exchange("127.0.0.1", server.port(), concat(ascii("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n"), body), Duration.ofSeconds(10), false);
        assertThat(whole.status()).as(whole.toString()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(body);

        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(ascii("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"));
            for (int at = 0; at < body.length; at += 100_000) {
                out.write(ascii(Integer.toHexString(100_000) + "\r\n"));
                out.write(body, at, 100_000);
                out.write(ascii("\r\n"));
                out.flush();
                Thread.sleep(200);
            }
            out.write(ascii("0\r\n\r\n"));
            socket.setSoTimeout(10_000);
            byte[] answer = socket.getInputStream().readAllBytes();
            assertThat(new String(answer, 0, 15, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(Arrays.copyOfRange(answer, answer.length - body.length, answer.length)).isEqualTo(body);
        }
    }

    @Test
    void aDeclaredLengthPastTheLimitIs413BeforeAnyOfTheBodyIsSent() {
        Answer json = RawHttp.exchange("127.0.0.1", server.port(), ascii("POST /echo HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: " + (Bodies.MAX_BYTES + 1) + "\r\n\r\n"), Duration.ofSeconds(5), false);
        assertThat(assertProblem(json, 413).get("detail").asText()).contains("16 MiB");

        Answer upload = RawHttp.exchange("127.0.0.1", server.port(), ascii("POST /upload HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: " + (MAX_UPLOAD + 2 * 1024 * 1024) + "\r\n\r\n"), Duration.ofSeconds(5), false);
        assertThat(assertProblem(upload, 413).get("detail").asText()).contains("24 MiB").contains("VIGIL_MAX_UPLOAD_MB");
    }

    @Test
    void aChunkedBodyPastTheLimitIs413() throws Exception {
        byte[] piece = randomBytes(1024 * 1024, 2);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(ascii("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
        for (int i = 0; i < 17; i++) {
            request.write(ascii(Integer.toHexString(piece.length) + "\r\n"));
            request.write(piece);
            request.write(ascii("\r\n"));
        }
        request.write(ascii("0\r\n\r\n"));
        Answer answer = RawHttp.exchange("127.0.0.1", server.port(), request.toByteArray(), Duration.ofSeconds(10), false);
        assertThat(assertProblem(answer, 413).get("detail").asText()).contains("16 MiB");
    }

    /**
     * A client that sends its whole body before it reads (most do) still reads the 413: the server
     * discards the rest rather than closing on unread bytes, whose reset would drop the answer.
     */
    @Test
    void aClientThatSendsOnPastTheLimitReadsThe413RatherThanAReset() throws Exception {
        byte[] piece = randomBytes(1024 * 1024, 4);
        for (boolean chunked : new boolean[] {true, false}) {
            int pieces = 48; // 32 MiB past the limit: more than the sockets' buffers hold
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(ascii("POST /echo HTTP/1.1\r\nHost: x\r\n" + (chunked ? "Transfer-Encoding: chunked"
                        : "Content-Length: " + (long) pieces * piece.length) + "\r\n\r\n"));
                for (int i = 0; i < pieces; i++) {
                    out.write(chunked ? concat(ascii(Integer.toHexString(piece.length) + "\r\n"), piece) : piece);
                    out.write(chunked ? ascii("\r\n") : new byte[0]);
                }
                out.write(chunked ? ascii("0\r\n\r\n") : new byte[0]);
                out.flush();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).as(chunked ? "chunked" : "declared length").startsWith("HTTP/1.1 413 ")
                        .containsIgnoringCase("Connection: close").contains("16 MiB");
            }
        }
    }

    @Test
    void aMalformedOrTruncatedBodyIsA400Problem() {
        Answer badChunk = RawHttp.exchange("127.0.0.1", server.port(), ascii("POST /echo HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: gzip, chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"), Duration.ofSeconds(5), false);
        assertThat(assertProblem(badChunk, 400).get("detail").asText()).contains("chunked");

        Answer truncated = RawHttp.exchange("127.0.0.1", server.port(), ascii("POST /echo HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 50\r\n\r\nonly this"), Duration.ofSeconds(5), true);
        assertThat(assertProblem(truncated, 400).get("detail").asText()).contains("ended before it was complete");
    }

    @Test
    void anUploadPastSixteenMiBWaitsInATemporaryFileThatGoesWithTheRequest() throws IOException {
        byte[] body = randomBytes(20 * 1024 * 1024, 3);
        Answer answer = RawHttp.exchange("127.0.0.1", server.port(), concat(ascii("POST /upload HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n"), body), Duration.ofSeconds(30), false);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo(body.length + " file");
        long deadline = System.nanoTime() + 5_000_000_000L; // deleted when the request completes, just after the answer
        while (bodyFiles() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(bodyFiles()).as("temporary body files left").isZero();

        Answer small = RawHttp.exchange("127.0.0.1", server.port(), ascii("POST /upload HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\nContent-Length: 5\r\n\r\nhello"), Duration.ofSeconds(5), false);
        assertThat(small.text()).isEqualTo("5 memory");
    }

    @Test
    void everyAnswerSaysNoSniff() {
        for (String request : List.of("GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n")) {
            Answer answer = RawHttp.exchange("127.0.0.1", server.port(), ascii(request), Duration.ofSeconds(5), false);
            assertThat(answer.header("X-Content-Type-Options")).as(request + " -> " + answer).isEqualTo("nosniff");
        }
    }

    private static JsonNode assertProblem(Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith(Problem.MEDIA_TYPE);
        try {
            JsonNode problem = Json.MAPPER.readTree(answer.body());
            assertThat(problem.get("status").asInt()).isEqualTo(status);
            assertThat(problem.get("detail").asText()).isNotBlank();
            return problem;
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer, e);
        }
    }

    private static long bodyFiles() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith(BodyBuffer.FILE_PREFIX)).count();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
