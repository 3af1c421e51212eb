package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.auth.Role;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.SteppingClock;
import io.vigil.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limits on a real server, with small limits: a burst past a limit is answered 429 with
 * {@code Retry-After} before the handler runs; callers, addresses and route groups have budgets of
 * their own; the budget comes back; probes are never limited; the limits can be turned off. The
 * server's clock is moved two minutes on before each test, so each one starts with full buckets;
 * callers use API keys, which the moved clock does not expire.
 */
class RateLimitsIT {
    static final SteppingClock clock = new SteppingClock();
    static TestServer server;
    static HttpTestClient scientist;
    static HttpTestClient analyst;
    static String analystKey;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("VIGIL_RATE_LOGIN_PER_ADDRESS", "4",
                "VIGIL_RATE_UPLOADS_PER_IDENTITY", "2", "VIGIL_RATE_UPLOADS_PER_ADDRESS", "100",
                "VIGIL_RATE_PREDICTIONS_PER_IDENTITY", "100", "VIGIL_RATE_PREDICTIONS_PER_ADDRESS", "1000",
                "VIGIL_RATE_OTHER_PER_IDENTITY", "10", "VIGIL_RATE_OTHER_PER_ADDRESS", "30"), clock);
        scientist = server.anonymous().withApiKey(server.apiKey(Role.DATA_SCIENTIST));
        analystKey = server.apiKey(Role.ANALYST);
        analyst = server.anonymous().withApiKey(analystKey);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void fullBuckets() {
        clock.advance(Duration.ofMinutes(2));
    }

    @Test
    void aBurstOfLoginsFromOneAddressIsRefused429WithRetryAfter() {
        String login = "{\"username\": \"admin\", \"password\": \"" + TestServer.ADMIN_PASSWORD + "\"}";
        for (int i = 0; i < 4; i++) {
            assertThat(server.anonymous().postJson("/auth/login", login).status()).as("login %d", i + 1).isEqualTo(200);
        }
        Response refused = server.anonymous().postJson("/auth/login", login);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 15L); // 4 a minute: one every 15 s
        assertThat(refused.json().get("detail").asText()).contains("too many login requests from this address", "4 a minute");
    }

    @Test
    void eachCallerHasABudgetOfItsOwn() {
        for (int i = 0; i < 10; i++) {
            assertThat(analyst.get("/auth/me").status()).isEqualTo(200);
        }
        Response refused = analyst.get("/auth/me");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("detail").asText()).contains("by key:");
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(scientist.get("/auth/me").status()).as("another caller, same address").isEqualTo(200);
    }

    @Test
    void eachAddressHasABudgetOfItsOwn() {
        for (int i = 0; i < 30; i++) {
            assertThat(statusFrom("127.0.0.1", "/no-such-route")).isEqualTo(404);
        }
        assertThat(statusFrom("127.0.0.1", "/no-such-route")).isEqualTo(429);
        assertThat(scientist.get("/auth/me").status()).as("a caller from that address is held too").isEqualTo(429);
        assertThat(statusFrom("127.0.0.2", "/no-such-route")).as("another address").isEqualTo(404);
    }

    @Test
    void callersWithoutValidCredentialsAreHeldByTheirAddressBeforeTheirCredentialIsChecked() {
        HttpTestClient forger = server.anonymous().withApiKey("vk_not-a-key-at-all-0000000000000000");
        for (int i = 0; i < 30; i++) {
            assertThat(forger.postJson("/ml/models", "{}").status()).isEqualTo(401);
        }
        assertThat(forger.postJson("/ml/models", "{}").status()).isEqualTo(429);
    }

    @Test
    void anUploadBurstDoesNotSpendThePredictionBudget() {
        long before = scientist.get("/ml/datasets").json().get("total").asLong();
        byte[] csv = "a,b,label\n1,2,x\n3,4,y\n5,6,x\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 2; i++) {
            assertThat(scientist.upload("/ml/datasets/upload", "small.csv", csv, Map.of("name", "burst-" + i)).status()).isEqualTo(201);
        }
        Response refused = scientist.upload("/ml/datasets/upload", "small.csv", csv, Map.of("name", "burst-2"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("detail").asText()).contains("too many uploads");
        assertThat(scientist.get("/ml/datasets").json().get("total").asLong()).as("the refused upload stored nothing").isEqualTo(before + 2);
        Response prediction = scientist.postJson("/ml/predict", "{\"modelType\": \"intrusion\", \"features\": {\"a\": 1}}");
        assertThat(prediction.status()).as("predictions have their own budget: " + prediction).isNotEqualTo(429);
    }

    @Test
    void theBudgetComesBackAfterTheRefill() {
        for (int i = 0; i < 10; i++) {
            analyst.get("/ml/models");
        }
        Response refused = analyst.get("/ml/models");
        assertThat(refused.status()).isEqualTo(429);
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isEqualTo(6); // 10 a minute
        clock.advance(Duration.ofSeconds(retryAfter - 2));
        assertThat(analyst.get("/ml/models").status()).as("too soon").isEqualTo(429);
        clock.advance(Duration.ofSeconds(2));
        assertThat(analyst.get("/ml/models").status()).isEqualTo(200);
    }

    @Test
    void healthProbesAreNeverLimited() {
        for (int i = 0; i < 100; i++) {
            assertThat(server.anonymous().get("/health").status()).isEqualTo(200);
            assertThat(server.anonymous().get("/v2/health/live").status()).isEqualTo(200);
        }
    }

    @Test
    void limitsCanBeTurnedOffAllAtOnceOrOneByOne() {
        try (TestServer off = TestServer.start(Map.of("VIGIL_RATE_LIMITS_ENABLED", "false", "VIGIL_RATE_OTHER_PER_IDENTITY", "1",
                "VIGIL_RATE_OTHER_PER_ADDRESS", "1"));
             TestServer noCallerLimit = TestServer.start(Map.of("VIGIL_RATE_OTHER_PER_IDENTITY", "0"))) {
            HttpTestClient admin = off.anonymous().withApiKey(off.apiKey(Role.ADMIN));
            for (int i = 0; i < 50; i++) {
                assertThat(admin.get("/auth/me").status()).isEqualTo(200);
            }
            HttpTestClient other = noCallerLimit.anonymous().withApiKey(noCallerLimit.apiKey(Role.ANALYST));
            for (int i = 0; i < 200; i++) {
                assertThat(other.get("/auth/me").status()).isEqualTo(200); // the address's 12,000 a minute still hold
            }
        }
    }

    /** The status of a GET sent from {@code localAddress} (any address of 127.0.0.0/8 is this machine). */
    private static int statusFrom(String localAddress, String path) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 404"
            return Integer.parseInt(head.substring(9, 12));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
