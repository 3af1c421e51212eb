package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Access;
import io.vigil.server.core.Json;
import io.vigil.server.testing.RawHttp.Answer;
import io.vigil.server.testing.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests refused before routing (issue 16, items 8, 9, 14, 15): what Jetty turns away by itself
 * is answered like everything else, with a 4xx problem document in the caller's terms (before:
 * Jetty's HTML page, an empty body, or a 500).
 */
class RefusedRequestsTest {
    private static final Pattern INTERNALS = Pattern.compile("org\\.eclipse|jetty|javalin|Exception|java\\.|jakarta", Pattern.CASE_INSENSITIVE);
    static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        List<Route> routes = List.of(
                Route.get("/things/{id}", Access.PUBLIC, ctx -> ctx.result(ctx.pathParam("id"))),
                Route.post("/things", Access.PUBLIC, ctx -> ctx.result(Bodies.bytes(ctx))),
                Route.webSocket("/ws", Access.PUBLIC, ws -> ws.onConnect(c -> c.send("hi"))));
        server = HttpServer.start(new HttpServer.Settings("127.0.0.1", 0, 1024 * 1024, Files.createTempDirectory("vigil-refused-"), 0,
                Duration.ofSeconds(1)), routes);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // what is sent (\r\n is a line end, \xNN a raw byte)                                   | status
            "GET /things/%u002e%u002e HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                                | 400",
            "GET /things/% HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                                           | 400",
            "GET /things/%zz HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                                         | 400",
            "GET /things/%ff%fe HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                                      | 400",
            "GET /things/{ HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                                           | 400",
            "GET /things/\\\\ HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                                        | 400",
            "GET /things/a b HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                                         | 400",
            "GET /things/\\xc3\\xa9\\xff HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                             | 400",
            "GET /things/LONG HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                                        | 414",
            "GET /things/1 HTTP/1.1\\r\\nHost: x\\r\\nX-Big: HUGE\\r\\n\\r\\n                          | 431",
            "GET /things/1 HTTP/1.1\\r\\n\\r\\n                                                        | 400",
            "GET /things/1 HTTP/2.0\\r\\nHost: x\\r\\n\\r\\n                                           | 426",
            "GET /things/1 HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\nabc           | 400",
            "GET /things/1 HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 1\\r\\nContent-Length: 2\\r\\n\\r\\nab | 400",
            "POST /things HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\nzz\\r\\nabc\\r\\n0\\r\\n\\r\\n | 400",
            "GET /ws HTTP/1.1\\r\\nHost: x\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Version: 13\\r\\n\\r\\n | 400",
            "GET /ws HTTP/1.1\\r\\nHost: x\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Version: 8\\r\\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\n\\r\\n | 400",
            "GET /things/1 HTTP/1.1\\r\\nHost: x\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Version: 13\\r\\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\n\\r\\n | 404",
    })
    void isAProblemDocumentInTheCallersTerms(String request, int status) throws IOException {
        Answer answer = RawHttp.exchange("127.0.0.1", server.port(), bytes(request), Duration.ofSeconds(10), false);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith(Problem.MEDIA_TYPE);
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.header(RequestIds.HEADER)).isNotBlank();
        JsonNode problem = Json.MAPPER.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).startsWith(Problems.TYPE_BASE);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank().doesNotContainPattern(INTERNALS);
        assertThat(problem.get("requestId").asText()).isEqualTo(answer.header(RequestIds.HEADER));
    }

    /** The request as bytes: {@code \r\n}, {@code \\}, {@code \xNN} escapes; LONG and HUGE stand for 9,000 and 20,000 letters. */
    private static byte[] bytes(String request) {
        String s = request.trim().replace("LONG", "a".repeat(9000)).replace("HUGE", "b".repeat(20_000))
                .replace("\\r", "\r").replace("\\n", "\n").replace("\\\\", "\\");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\x", i)) {
                out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.write(s.charAt(i));
            }
        }
        return out.toByteArray();
    }

    static {
        assert StandardCharsets.US_ASCII != null;
    }
}
