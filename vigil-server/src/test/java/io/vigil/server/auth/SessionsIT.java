package io.vigil.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Logging in, refreshing, logging out; failed logins say nothing about the user and are throttled. */
class SessionsIT {
    static TestServer server;
    static HttpTestClient anonymous;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("VIGIL_LOGIN_MAX_FAILURES", "3", "VIGIL_LOGIN_LOCKOUT_SECONDS", "3"));
        anonymous = server.anonymous();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aLoginAnswersAShortLivedTokenAndARefreshToken() {
        Instant before = Instant.now();
        Response r = login("admin", TestServer.ADMIN_PASSWORD);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        JsonNode s = r.json();
        assertThat(s.get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(s.get("username").asText()).isEqualTo("admin");
        assertThat(s.get("role").asText()).isEqualTo("admin");
        assertThat(Instant.parse(s.get("expiresAt").asText())).isBetween(before.plus(Duration.ofMinutes(14)), Instant.now().plus(Duration.ofMinutes(15)));
        assertThat(Instant.parse(s.get("refreshExpiresAt").asText())).isAfter(before.plus(Duration.ofHours(11)));
        assertThat(s.get("token").asText()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(s.get("refreshToken").asText()).hasSize(43);

        JsonNode me = anonymous.withBearer(s.get("token").asText()).get("/auth/me").json();
        assertThat(me.get("name").asText()).isEqualTo("admin");
        assertThat(me.get("kind").asText()).isEqualTo("user");
        assertThat(me.get("may").findValuesAsText("access")).containsExactly("identified", "predict", "read", "triage", "data", "change", "admin");
        assertThat(login("ADMIN", TestServer.ADMIN_PASSWORD).status()).as("usernames are case-insensitive").isEqualTo(200);
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        Response wrong = login("admin", "not the admin password");
        Response unknown = login("nobody-" + System.nanoTime(), "not the admin password");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.json().get("detail")).isEqualTo(wrong.json().get("detail"));
        assertThat(unknown.json().get("title")).isEqualTo(wrong.json().get("title"));
        assertThat(wrong.json().get("detail").asText()).isEqualTo("wrong username or password");
        assertThat(wrong.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"vigil\"");
    }

    @Test
    void repeatedFailuresForOneUserAreThrottledThenLetGo() throws Exception {
        server.createUser("throttled", Role.ANALYST);
        for (int i = 0; i < 3; i++) {
            assertThat(login("throttled", "guess number " + i).status()).isEqualTo(401);
        }
        Response throttled = login("throttled", TestServer.USER_PASSWORD); // the right password: not even checked
        assertThat(throttled.status()).as(throttled.toString()).isEqualTo(429);
        assertThat(throttled.contentType()).startsWith("application/problem+json");
        long retryAfter = Long.parseLong(throttled.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 3L);
        assertThat(throttled.json().get("detail").asText()).contains("too many failed logins");
        assertThat(login("admin", TestServer.ADMIN_PASSWORD).status()).as("another user, same address").isEqualTo(200);

        Thread.sleep(retryAfter * 1000 + 200);
        assertThat(login("throttled", TestServer.USER_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void oneAddressFailingForManyNamesIsThrottledToo() throws Exception {
        try (TestServer own = TestServer.start(Map.of("VIGIL_LOGIN_MAX_FAILURES", "2", "VIGIL_LOGIN_LOCKOUT_SECONDS", "60"))) {
            HttpTestClient nobody = own.anonymous();
            int spray = 2 * LoginThrottle.ADDRESS_FACTOR;
            for (int i = 0; i < spray; i++) {
                assertThat(nobody.postJson("/auth/login", body("user" + i, "Winter2026!")).status()).isEqualTo(401);
            }
            Response r = nobody.postJson("/auth/login", body("admin", TestServer.ADMIN_PASSWORD));
            assertThat(r.status()).as(r.toString()).isEqualTo(429);
            assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 60L);
        }
    }

    @Test
    void aRefreshTokenWorksOnceAndItsReuseEndsEverySessionOfTheUser() {
        server.createUser("refresher", Role.ANALYST);
        JsonNode first = login("refresher", TestServer.USER_PASSWORD).json();
        Response refreshed = refresh(first.get("refreshToken").asText());
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        JsonNode second = refreshed.json();
        assertThat(second.get("refreshToken").asText()).isNotEqualTo(first.get("refreshToken").asText());
        assertThat(anonymous.withBearer(second.get("token").asText()).get("/auth/me").json().get("name").asText()).isEqualTo("refresher");

        Response reused = refresh(first.get("refreshToken").asText());
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.json().get("detail").asText()).contains("log in again");
        assertThat(refresh(second.get("refreshToken").asText()).status()).as("the copy's reuse ended the live session too").isEqualTo(401);
    }

    @Test
    void logoutEndsTheSession() {
        JsonNode s = login("admin", TestServer.ADMIN_PASSWORD).json();
        Response out = anonymous.postJson("/auth/logout", "{\"refreshToken\": \"" + s.get("refreshToken").asText() + "\"}");
        assertThat(out.status()).isEqualTo(204);
        assertThat(refresh(s.get("refreshToken").asText()).status()).isEqualTo(401);
        assertThat(anonymous.postJson("/auth/logout", "{\"refreshToken\": \"" + s.get("refreshToken").asText() + "\"}").status())
                .as("twice is fine").isEqualTo(204);
    }

    @Test
    void badBodiesAreNamedFieldByField() {
        Response empty = anonymous.postJson("/auth/login", "{}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("errors").findValuesAsText("field")).containsExactly("username", "password");
        assertThat(anonymous.postJson("/auth/refresh", "{}").status()).isEqualTo(400);
        assertThat(anonymous.postJson("/auth/logout", "{\"refreshToken\": 5}").status()).isEqualTo(400);
        assertThat(anonymous.send("POST", "/auth/login", "text/plain", "admin".getBytes()).status()).isEqualTo(415);
    }

    private static Response login(String username, String password) {
        return anonymous.postJson("/auth/login", body(username, password));
    }

    private static Response refresh(String token) {
        return anonymous.postJson("/auth/refresh", "{\"refreshToken\": \"" + token + "\"}");
    }

    private static String body(String username, String password) {
        return "{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}";
    }
}
