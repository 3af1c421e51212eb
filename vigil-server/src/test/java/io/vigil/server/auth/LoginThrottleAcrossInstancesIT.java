package io.vigil.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Login throttling holds across instances: a guesser whose failures a load balancer spreads over two
 * servers of one database is stopped after the same number of tries as against one.
 */
class LoginThrottleAcrossInstancesIT {
    @Test
    void failuresSpreadOverTwoServersAreCountedTogether() {
        Map<String, String> settings = Map.of("VIGIL_LOGIN_MAX_FAILURES", "3", "VIGIL_LOGIN_LOCKOUT_SECONDS", "60");
        try (TestServer a = TestServer.start(settings)) {
            java.util.HashMap<String, String> shared = new java.util.HashMap<>(settings);
            shared.put("VIGIL_DB_URL", a.config().dbUrl());
            try (TestServer b = TestServer.start(shared)) {
                a.createUser("spread", Role.ANALYST);
                HttpTestClient[] servers = {a.anonymous(), b.anonymous()};
                for (int i = 0; i < 3; i++) { // A, B, A: no server saw three failures by itself
                    assertThat(servers[i % 2].postJson("/auth/login", body("spread", "guess " + i)).status()).isEqualTo(401);
                }
                for (HttpTestClient server : servers) {
                    Response throttled = server.postJson("/auth/login", body("spread", TestServer.USER_PASSWORD));
                    assertThat(throttled.status()).as(throttled.toString()).isEqualTo(429);
                    assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 60L);
                }
                assertThat(b.anonymous().postJson("/auth/login", body("admin", TestServer.ADMIN_PASSWORD)).status())
                        .as("another user from the same address").isEqualTo(200);
            }
        }
    }

    private static String body(String username, String password) {
        return "{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}";
    }
}
