package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.RawHttp;
import io.vigil.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, "Browsers cannot be turned against Vigil": what a web page in a Vigil user's browser
 * could make Vigil do before (tried here first, each of these passed): a cross-origin form POST
 * retired a model, a cross-origin multipart upload was stored, a WebSocket upgrade from any
 * Origin was accepted, and a page whose name was rebound to Vigil's address (DNS rebinding) was
 * served.
 */
class BrowserAttacksIT {
    private static final String EVIL = "https://evil.example";
    static TestServer server;
    static HttpTestClient http;
    static String key; // the event stream needs identity: a browser's page would send its token the same way

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = server.http();
        key = server.apiKey(Role.ANALYST);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aCrossOriginFormPostCannotRetireAModel() {
        String id = registerModel("csrf-target");
        Response retire = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/ml/models/" + id + "/retire"))
                .header("Origin", EVIL).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("")));
        JsonNode problem = assertRefused(retire, 403);
        assertThat(problem.get("detail").asText()).contains(EVIL).contains("VIGIL_ALLOWED_ORIGINS");
        assertThat(http.get("/ml/models/" + id).json().get("status").asText()).isEqualTo("created");

        Response sameOrigin = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/ml/models/" + id + "/retire"))
                .header("Origin", http.base()).POST(HttpRequest.BodyPublishers.ofString("")));
        assertThat(sameOrigin.status()).as("the dashboard's own origin may: " + sameOrigin).isEqualTo(200);
    }

    @Test
    void aNullOriginCannotChangeAnything() {
        String id = registerModel("null-origin-target");
        Response delete = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/ml/models/" + id)).header("Origin", "null").DELETE());
        assertThat(assertRefused(delete, 403).get("detail").asText()).contains("null");
        assertThat(http.get("/ml/models/" + id).status()).isEqualTo(200);
    }

    @Test
    void aCrossOriginMultipartUploadIsNotStored() {
        long before = http.get("/ml/datasets").json().get("total").asLong();
        String boundary = "xyz" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nplanted\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\na,b\n1,2\n\r\n--" + boundary + "--\r\n";
        Response upload = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/ml/datasets/upload"))
                .header("Origin", EVIL).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertRefused(upload, 403);
        assertThat(http.get("/ml/datasets").json().get("total").asLong()).isEqualTo(before);
    }

    @Test
    void aWebSocketUpgradeFromAnotherOriginIsRefused() {
        RawHttp.Answer evil = upgrade("/ml/ws", "127.0.0.1:" + server.port(), EVIL);
        assertThat(evil.status()).as(evil.toString()).isEqualTo(403);
        assertThat(evil.header("Content-Type")).startsWith(Problem.MEDIA_TYPE);
        assertThat(evil.text()).contains(EVIL);

        assertThat(upgrade("/ml/ws", "127.0.0.1:" + server.port(), "http://127.0.0.1:" + server.port()).status())
                .as("the page Vigil served itself").isEqualTo(101);
        assertThat(upgrade("/ml/ws", "127.0.0.1:" + server.port(), null).status()).as("no browser, no Origin").isEqualTo(101);
    }

    @Test
    void aRebindingPageOnLoopbackIsServedReadsButCannotChangeAnything() {
        String rebound = "attacker.example:" + server.port(); // the page's own name, now resolving to 127.0.0.1
        RawHttp.Answer read = raw("GET /health HTTP/1.1\r\nHost: " + rebound + "\r\n\r\n");
        assertThat(read.status()).as("loopback binding keeps answering any name: " + read).isEqualTo(200);
        RawHttp.Answer change = raw("POST /ml/models HTTP/1.1\r\nHost: " + rebound + "\r\nOrigin: http://" + rebound
                + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(change.status()).as(change.toString()).isEqualTo(403);
    }

    @Test
    void unknownHostNamesAreRefusedWhenBoundBeyondLoopback() {
        try (TestServer open = TestServer.start(Map.of("VIGIL_HOST", "0.0.0.0", "VIGIL_ALLOWED_HOSTS", "vigil.soc.example"))) {
            RawHttp.Answer rebound = RawHttp.exchange("127.0.0.1", open.port(),
                    ("GET /health HTTP/1.1\r\nHost: attacker.example:" + open.port() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                    Duration.ofSeconds(10), false);
            assertThat(rebound.status()).as(rebound.toString()).isEqualTo(421);
            assertThat(rebound.header("Content-Type")).startsWith(Problem.MEDIA_TYPE);
            assertThat(rebound.text()).contains("attacker.example").contains("VIGIL_ALLOWED_HOSTS");
            for (String host : new String[] {"localhost", "127.0.0.1", "[::1]", "vigil.soc.example", "VIGIL.soc.example.", "10.1.2.3"}) {
                RawHttp.Answer known = RawHttp.exchange("127.0.0.1", open.port(),
                        ("GET /health HTTP/1.1\r\nHost: " + host + ":" + open.port() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                        Duration.ofSeconds(10), false);
                assertThat(known.status()).as(host + ": " + known).isEqualTo(200);
            }
        }
    }

    private static String registerModel(String name) {
        Response model = http.postJson("/ml/models", "{\"modelName\": \"" + name + "\", \"modelType\": \"" + name
                + "\", \"algorithm\": \"gbm\", \"targetVariable\": \"label\"}");
        assertThat(model.status()).as(model.toString()).isEqualTo(201);
        return model.json().get("id").asText();
    }

    private static JsonNode assertRefused(Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith(Problem.MEDIA_TYPE);
        return r.json();
    }

    private static RawHttp.Answer upgrade(String path, String host, String origin) {
        return raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "X-API-Key: " + key + "\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n");
    }

    private static RawHttp.Answer raw(String request) {
        return RawHttp.exchange("127.0.0.1", server.port(), request.getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(10), false);
    }
}
