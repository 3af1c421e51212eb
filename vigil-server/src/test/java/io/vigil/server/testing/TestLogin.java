package io.vigil.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A user's access token for tests: logs in on first use, and again shortly before the token
 * expires, so a long test never meets an expired token by accident.
 */
public final class TestLogin implements Supplier<String> {
    private final HttpTestClient anonymous;
    private final String username;
    private final String password;
    private String token;
    private Instant renewAt = Instant.MIN;

    public TestLogin(String base, String username, String password) {
        this.anonymous = new HttpTestClient(base);
        this.username = username;
        this.password = password;
    }

    /** The {@code Authorization} header's value. */
    @Override
    public synchronized String get() {
        if (token == null || Instant.now().isAfter(renewAt)) {
            HttpTestClient.Response r = anonymous.postJson("/auth/login",
                    "{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}");
            if (r.status() != 200) {
                throw new AssertionError("cannot log in as " + username + ": " + r);
            }
            JsonNode answer = r.json();
            token = answer.get("token").asText();
            // the token's lifetime from its own claims: the server's clock may differ from this one (ProvenanceClockIT)
            JsonNode claims = io.vigil.server.core.Json.readTree(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                    java.nio.charset.StandardCharsets.UTF_8));
            long lifetime = claims.get("exp").asLong() - claims.get("iat").asLong();
            renewAt = Instant.now().plusSeconds(lifetime - Math.min(60, lifetime / 2));
        }
        return "Bearer " + token;
    }
}
