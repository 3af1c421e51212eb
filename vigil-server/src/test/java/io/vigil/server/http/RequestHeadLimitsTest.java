package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Access;
import io.vigil.server.core.Json;
import io.vigil.server.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The limits of a request besides its body's size, each a setting: the request head (431), the
 * URI (414), the query's parameters (400) and a multipart body's parts (413, refused as the parts
 * arrive, not after the body was stored).
 */
class RequestHeadLimitsTest {
    private static final int MAX_HEADER_BYTES = 2048;
    private static final int MAX_URI = 300;
    private static final int MAX_PARAMETERS = 5;
    private static final int MAX_PARTS = 10;
    static HttpServer server;
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        tmp = Files.createTempDirectory("vigil-limits-");
        List<Route> routes = List.of(
                Route.get("/things", Access.PUBLIC, ctx -> ctx.result("fine")),
                Route.post("/upload", Access.PUBLIC, ctx -> ctx.result(ctx.formParamMap().size() + " fields")).upload());
        EdgeSettings edge = EdgeSettings.defaults().withLimits(MAX_HEADER_BYTES, MAX_URI, MAX_PARAMETERS, MAX_PARTS);
        server = HttpServer.start(new HttpServer.Settings("127.0.0.1", 0, 64L * 1024 * 1024, tmp, 0, Duration.ofSeconds(30), edge), routes);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void headersPastTheSettingAre431() throws IOException {
        assertThat(get("/things", "X-Filler: " + "a".repeat(1500)).status()).isEqualTo(200);
        RawHttp.Answer large = get("/things", "X-Filler: " + "a".repeat(2500));
        assertProblem(large, 431).contains(MAX_HEADER_BYTES + " bytes").contains("VIGIL_MAX_HEADER_BYTES");
    }

    @Test
    void aUriPastTheSettingIs414() throws IOException {
        assertThat(get("/things?q=" + "a".repeat(MAX_URI - 20), null).status()).isEqualTo(200);
        assertProblem(get("/things?q=" + "a".repeat(MAX_URI), null), 414).contains("limit of " + MAX_URI).contains("VIGIL_MAX_URI_LENGTH");
        assertProblem(get("/things/" + "a".repeat(MAX_URI), null), 414).contains("VIGIL_MAX_URI_LENGTH");
        // longer than the whole head: Jetty refuses it while parsing, in the same words
        assertProblem(get("/things?q=" + "a".repeat(3000), null), 414).contains("VIGIL_MAX_URI_LENGTH");
    }

    @Test
    void moreQueryParametersThanTheSettingAre400() throws IOException {
        assertThat(get("/things?a=1&b=2&c=3&d=4&e=5", null).status()).isEqualTo(200);
        assertThat(get("/things?a=1&&&&b=2&", null).status()).as("empty pieces are no parameters").isEqualTo(200);
        assertProblem(get("/things?a=1&b=2&c=3&d=4&e=5&f=6", null), 400).contains("6 parameters").contains("VIGIL_MAX_QUERY_PARAMETERS");
        assertProblem(get("/things?" + "a&".repeat(100), null), 400).contains("100 parameters");
    }

    @Test
    void aMultipartBodyWithinThePartLimitIsRead() throws IOException {
        RawHttp.Answer answer = upload(multipart("b0undary", MAX_PARTS));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo(MAX_PARTS + " fields");
    }

    @Test
    void aMultipartBodyWithMorePartsIsRefused413() throws IOException {
        RawHttp.Answer answer = upload(multipart("b0undary", MAX_PARTS + 1));
        assertProblem(answer, 413).contains("more than " + MAX_PARTS + " parts").contains("VIGIL_MAX_UPLOAD_PARTS");
        assertThat(answer.header("Connection")).isEqualTo("close");
    }

    @Test
    void thousandsOfTinyPartsAreRefusedAsTheyArriveNotAfterTheBodyIsStored() throws Exception {
        // 50 MB declared; the first 200 parts sent, then nothing: only a reader that counts as it goes can answer now
        String head = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=xx\r\nContent-Length: 50000000\r\n\r\n";
        byte[] parts = multipart("xx", 200).getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(parts, 0, parts.length - 10); // not the closing delimiter: the body is far from complete
            out.flush();
            long sent = System.nanoTime();
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8); // to the close
            long waitedMs = (System.nanoTime() - sent) / 1_000_000;
            System.out.printf("200 tiny parts of a 50 MB body refused after %d ms%n", waitedMs);
            assertThat(answer).startsWith("HTTP/1.1 413 ").contains("VIGIL_MAX_UPLOAD_PARTS");
            assertThat(waitedMs).as("answered at once, not after the 30 s body timeout").isLessThan(5_000);
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith(BodyBuffer.FILE_PREFIX))).isEmpty();
        }
    }

    private static RawHttp.Answer get(String target, String header) {
        return RawHttp.exchange("127.0.0.1", server.port(), ("GET " + target + " HTTP/1.1\r\nHost: x\r\n" + (header == null ? "" : header + "\r\n")
                + "\r\n").getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(10), false);
    }

    private static RawHttp.Answer upload(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        String head = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b0undary\r\nContent-Length: "
                + bytes.length + "\r\n\r\n";
        byte[] request = new byte[head.length() + bytes.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, request, 0, head.length());
        System.arraycopy(bytes, 0, request, head.length(), bytes.length);
        return RawHttp.exchange("127.0.0.1", server.port(), request, Duration.ofSeconds(10), false);
    }

    /** A multipart body of {@code parts} tiny fields named f0, f1, ... */
    static String multipart(String boundary, int parts) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nv\r\n");
        }
        return body.append("--").append(boundary).append("--\r\n").toString();
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertProblem(RawHttp.Answer answer, int status) throws IOException {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith(Problem.MEDIA_TYPE);
        JsonNode problem = Json.MAPPER.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return assertThat(problem.get("detail").asText());
    }
}
