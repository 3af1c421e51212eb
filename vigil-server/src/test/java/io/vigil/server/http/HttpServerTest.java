package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Access;
import io.vigil.server.core.VigilException;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.HttpTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP layer alone, on a real server: one error model, request ids. */
class HttpServerTest {
    static HttpServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        Path tmp = Files.createTempDirectory("vigil-http-");
        List<Route> routes = List.of(
                Route.get("/ok", Access.PUBLIC, ctx -> ctx.json(Map.of("ok", true))),
                Route.get("/probe", Access.PUBLIC, ctx -> {
                    if (ctx.queryParam("fail") != null) {
                        throw VigilException.notFound("nothing here");
                    }
                    ctx.result("up");
                }).highVolume(),
                Route.get("/boom", Access.PUBLIC, ctx -> {
                    throw new IllegalStateException("secret internal detail");
                }),
                Route.get("/conflict", Access.PUBLIC, ctx -> {
                    throw VigilException.conflict("already there");
                }),
                Route.get("/problem-as-text", Access.PUBLIC, ctx -> ctx.status(404).contentType(Problem.MEDIA_TYPE)
                        .result("{\"title\": \"Not found\", \"status\": 404, \"detail\": \"no model named 'caf\u00e9'\"}")),
                Route.webSocket("/ws", Access.PUBLIC, ws -> ws.onConnect(c -> c.closeSession())),
                Route.get("/params", Access.PUBLIC, ctx -> {
                    Params p = new Params(ctx);
                    p.integer("page", 1, 1, 10);
                    p.oneOf("sort", "a", java.util.Set.of("a", "b"));
                    p.throwIfInvalid();
                    ctx.result("fine");
                }));
        server = HttpServer.start(new HttpServer.Settings("127.0.0.1", 0, 1024 * 1024, tmp, 0), routes);
        http = new HttpTestClient("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyRequestIsLoggedOnceButSuccessfulHighVolumeOnesOnlyAtDebug() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("vigil.http");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            http.get("/ok");
            http.get("/probe");
            http.get("/probe?fail=1");
            long deadline = System.nanoTime() + 5_000_000_000L; // the line is written just after the answer
            while (lines.list.stream().filter(e -> e.getMessage().equals("request")).count() < 3 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(level);
        }
        assertThat(lines.list).filteredOn(e -> e.getMessage().equals("request"))
                .extracting(e -> e.getKeyValuePairs().stream().filter(kv -> kv.key.equals("path")).findFirst().orElseThrow().value
                        + " " + e.getKeyValuePairs().stream().filter(kv -> kv.key.equals("status")).findFirst().orElseThrow().value
                        + " " + e.getLevel())
                .containsExactly("/ok 200 INFO", "/probe 200 DEBUG", "/probe 404 INFO");
    }

    @Test
    void unknownRouteIsAProblem404() {
        Response r = http.get("/nowhere");
        assertProblem(r, 404);
        assertThat(r.json().get("instance").asText()).isEqualTo("/nowhere");
    }

    @Test
    void wrongMethodIsAProblem405() {
        Response r = http.delete("/ok");
        assertProblem(r, 405);
    }

    @Test
    void unexpectedErrorsAre500WithARequestIdAndNoInternals() {
        Response r = http.get("/boom");
        JsonNode p = assertProblem(r, 500);
        assertThat(r.text()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException")
                .doesNotContain("at io.vigil");
        assertThat(p.get("requestId").asText()).isEqualTo(r.header("X-Request-Id"));
        assertThat(p.get("detail").asText()).contains(r.header("X-Request-Id"));
    }

    @Test
    void apiExceptionsKeepTheirStatusAndDetail() {
        JsonNode p = assertProblem(http.get("/conflict"), 409);
        assertThat(p.get("detail").asText()).isEqualTo("already there");
        assertThat(p.get("type").asText()).endsWith("/conflict");
    }

    @Test
    void validationListsEveryBadField() {
        JsonNode p = assertProblem(http.get("/params?page=0&sort=zzz"), 400);
        assertThat(p.get("errors")).hasSize(2);
        assertThat(p.get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("page", "sort");
    }

    @Test
    void aCallersRequestIdIsEchoedAndAMissingOneIsMade() {
        Response given = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.base() + "/ok"))
                .header("X-Request-Id", "abc-123").GET());
        assertThat(given.header("X-Request-Id")).isEqualTo("abc-123");
        Response made = http.get("/ok");
        assertThat(made.header("X-Request-Id")).isNotBlank().isNotEqualTo("abc-123");
        Response hostile = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.base() + "/ok"))
                .header("X-Request-Id", "a b\tc{}").GET());
        assertThat(hostile.header("X-Request-Id")).isNotEqualTo("a b\tc{}");
    }

    @Test
    void aProblemWrittenAsTextIsUtf8() {
        Response r = http.get("/problem-as-text");
        assertThat(r.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(r.json().get("detail").asText()).isEqualTo("no model named 'caf\u00e9'");
    }

    @Test
    void aWebSocketUpgradeLeavesNoSessionBehind() {
        io.vigil.server.testing.RawHttp.Answer upgrade = io.vigil.server.testing.RawHttp.exchange("127.0.0.1", server.port(),
                ("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                java.time.Duration.ofSeconds(5), false);
        assertThat(upgrade.status()).as(upgrade.toString()).isEqualTo(101);
        assertThat(upgrade.header("Set-Cookie")).as("a session was opened and its cookie sent").isNull();
    }

    static JsonNode assertProblem(Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("type").asText()).startsWith("https://");
        assertThat(p.get("detail").asText()).isNotBlank();
        return p;
    }
}
