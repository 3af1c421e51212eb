package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.auth.Access;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.RawHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Origin check and CORS on the HTTP layer alone: which pages may change data, which scripts
 * may read answers, and what every other origin gets (no CORS header at all).
 */
class OriginsAndCorsTest {
    private static final String DASHBOARD = "https://dash.soc.example";
    private static final String PARTNER = "http://partner.example:8081";
    static HttpServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        List<Route> routes = List.of(
                Route.get("/things", Access.PUBLIC, ctx -> ctx.json(Map.of("read", true))),
                Route.post("/things", Access.PUBLIC, ctx -> ctx.status(201).header("Location", "/things/1").result("made")),
                Route.put("/things/{id}", Access.PUBLIC, ctx -> ctx.result("put")),
                Route.patch("/things/{id}", Access.PUBLIC, ctx -> ctx.result("patched")),
                Route.delete("/things/{id}", Access.PUBLIC, ctx -> ctx.status(204)),
                Route.webSocket("/ws", Access.PUBLIC, ws -> ws.onConnect(c -> c.closeSession())));
        EdgeSettings edge = EdgeSettings.defaults().withOrigins(List.of(PARTNER), List.of(DASHBOARD));
        server = HttpServer.start(new HttpServer.Settings("127.0.0.1", 0, 1024 * 1024, Files.createTempDirectory("vigil-origins-"), 0,
                Duration.ofSeconds(5), edge), routes);
        http = new HttpTestClient("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"POST /things", "PUT /things/1", "PATCH /things/1", "DELETE /things/1"})
    void everyChangeFromAForeignPageIsRefused(String request) {
        String[] parts = request.split(" ");
        Response refused = send(parts[0], parts[1], "https://evil.example");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(refused.json().get("detail").asText()).contains("https://evil.example").contains("VIGIL_ALLOWED_ORIGINS");
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();

        for (String allowed : new String[] {null, http.base(), DASHBOARD, PARTNER, "HTTPS://Dash.SOC.example:443"}) {
            Response ok = send(parts[0], parts[1], allowed);
            assertThat(ok.status()).as(allowed + ": " + ok).isLessThan(300);
        }
    }

    @Test
    void readsFromAnyOriginAreServedButOnlyCorsOriginsMayReadThem() {
        Response foreign = send("GET", "/things", "https://evil.example");
        assertThat(foreign.status()).isEqualTo(200);
        assertThat(foreign.header("Access-Control-Allow-Origin")).as("the browser keeps the answer from the page").isNull();
        assertThat(foreign.header("Vary")).contains("Origin");

        Response dashboard = send("GET", "/things", DASHBOARD);
        assertThat(dashboard.header("Access-Control-Allow-Origin")).isEqualTo(DASHBOARD);
        assertThat(dashboard.header("Access-Control-Allow-Credentials")).as("identity travels in headers, not cookies").isNull();
        assertThat(dashboard.header("Access-Control-Expose-Headers")).contains("X-Request-Id").contains("Location");
        assertThat(dashboard.header("Vary")).contains("Origin");

        Response partner = send("GET", "/things", PARTNER);
        assertThat(partner.header("Access-Control-Allow-Origin")).as("allowed to change, not a CORS origin").isNull();

        Response problem = send("GET", "/nowhere", DASHBOARD);
        assertThat(problem.status()).isEqualTo(404);
        assertThat(problem.header("Access-Control-Allow-Origin")).as("the dashboard can read why").isEqualTo(DASHBOARD);
    }

    @Test
    void preflightsAreAnsweredForCorsOriginsOnly() {
        Response preflight = preflight(DASHBOARD, "DELETE", "authorization, x-api-key, content-type");
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(DASHBOARD);
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("GET", "POST", "PUT", "PATCH", "DELETE");
        assertThat(preflight.header("Access-Control-Allow-Headers")).contains("Authorization", "X-API-Key", "Content-Type");
        assertThat(preflight.header("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(preflight.header("Vary")).contains("Origin");
        assertThat(preflight.headers().keySet()).noneMatch(h -> h.equalsIgnoreCase("Access-Control-Allow-Credentials"));

        for (String other : new String[] {"https://evil.example", PARTNER, "null"}) {
            Response refused = preflight(other, "POST", "content-type");
            assertThat(refused.status()).as(other).isEqualTo(403);
            assertThat(refused.header("Access-Control-Allow-Origin")).as(other).isNull();
            assertThat(refused.json().get("detail").asText()).contains("VIGIL_CORS_ORIGINS");
        }
    }

    @Test
    void aNullOrMalformedOriginChangesNothing() {
        for (String origin : new String[] {"null", "not an origin", "https://dash.soc.example/path", "file://"}) {
            assertThat(send("POST", "/things", origin).status()).as(origin).isEqualTo(403);
        }
    }

    @Test
    void webSocketsOpenFromAllowedOriginsOnly() {
        assertThat(upgrade("https://evil.example").status()).isEqualTo(403);
        assertThat(upgrade("null").status()).isEqualTo(403);
        assertThat(upgrade(DASHBOARD).status()).isEqualTo(101);
        assertThat(upgrade(PARTNER).status()).isEqualTo(101);
        assertThat(upgrade("http://127.0.0.1:" + server.port()).status()).isEqualTo(101);
    }

    @Test
    void withoutCorsOriginsNoAnswerVariesByOrigin() throws Exception {
        HttpServer plain = HttpServer.start(new HttpServer.Settings("127.0.0.1", 0, 1024, Files.createTempDirectory("vigil-origins-"), 0),
                List.of(Route.get("/things", Access.PUBLIC, ctx -> ctx.result("x"))));
        try {
            Response r = new HttpTestClient("http://127.0.0.1:" + plain.port()).send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + plain.port() + "/things")).header("Origin", DASHBOARD).GET());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Vary")).isNull();
            assertThat(r.header("Access-Control-Allow-Origin")).isNull();
        } finally {
            plain.close();
        }
    }

    private static Response send(String method, String path, String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.base() + path))
                .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request);
    }

    private static Response preflight(String origin, String method, String headers) {
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + "/things")).header("Origin", origin)
                .header("Access-Control-Request-Method", method).header("Access-Control-Request-Headers", headers)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    private static RawHttp.Answer upgrade(String origin) {
        return RawHttp.exchange("127.0.0.1", server.port(), ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: " + origin + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                Duration.ofSeconds(5), false);
    }
}
