package io.vigil.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.vigil.server.auth.Role;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The credentials fuzzed requests carry: an API key of each role, and credentials that must all be
 * refused with a 401: garbage, a revoked and an expired key, Basic, and access tokens forged every
 * way issue 18 names (alg none, expired, not yet valid, another issuer, another secret, tampered,
 * signature stripped, a disabled user's). They are made the way a user would make them, through the API.
 */
final class FuzzCredentials {
    /** A header to send, and what it is, for the report. */
    record Credential(String what, String header, String value) {}

    private static final String KEY_HEADER = "X-API-Key";
    private static final String AUTHORIZATION = "Authorization";

    private final Map<Role, String> keys;
    private final List<Credential> refused;

    private FuzzCredentials(Map<Role, String> keys, List<Credential> refused) {
        this.keys = keys;
        this.refused = List.copyOf(refused);
    }

    /**
     * Makes the keys and the forged credentials on the server {@code admin} talks to.
     *
     * @param jwtSecret the server's HS256 secret, so that expired, not-yet-valid and other-issuer tokens
     *                  carry a genuine signature; null (a server fuzzed by URL) signs them with another secret
     */
    static FuzzCredentials prepare(HttpTestClient admin, String jwtSecret) throws InterruptedException {
        Map<Role, String> keys = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            keys.put(role, key(admin, "fuzz " + role.wire(), role, null).get("key").asText());
        }
        List<Credential> refused = new ArrayList<>();
        for (String junk : new String[] {"", "x", "a.b.c", "....", "eyJ", "e30.e30.e30", "null", "vgl_" + random(32), "a".repeat(5000)}) {
            refused.add(new Credential("garbage bearer", AUTHORIZATION, "Bearer " + junk));
        }
        refused.add(new Credential("garbage key", KEY_HEADER, "vgl_" + random(32)));
        refused.add(new Credential("basic", AUTHORIZATION, "Basic " + Base64.getEncoder().encodeToString(
                "admin:admin".getBytes(StandardCharsets.UTF_8))));
        refused.addAll(deadKeys(admin));

        String adminId = userId(admin, "admin");
        byte[] secret = (jwtSecret != null ? jwtSecret : "another-secret-of-enough-length-" + random(16)).getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.now();
        refused.add(bearer("alg none", new PlainJWT(claims(adminId, now).build()).serialize()));
        refused.add(bearer("alg None", b64("{\"alg\":\"None\",\"typ\":\"JWT\"}") + "." + b64(claims(adminId, now).build().toString()) + "."));
        refused.add(bearer("expired token", hmac(secret, claims(adminId, now.minus(Duration.ofHours(2)))
                .expirationTime(Date.from(now.minus(Duration.ofHours(1)))).build())));
        refused.add(bearer("token not yet valid", hmac(secret, claims(adminId, now).notBeforeTime(Date.from(now.plus(Duration.ofDays(2))))
                .expirationTime(Date.from(now.plus(Duration.ofDays(3)))).build())));
        refused.add(bearer("token of another issuer", hmac(secret, claims(adminId, now).issuer("someone-else").build())));
        refused.add(bearer("token of another secret", hmac(("another-secret-of-enough-length-" + random(16))
                .getBytes(StandardCharsets.UTF_8), claims(adminId, now).build())));

        String[] analyst = loggedIn(admin, Role.ANALYST);
        String[] parts = analyst[1].split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String asAdmin = payload.replaceAll("\"sub\":\"[^\"]+\"", "\"sub\":\"" + adminId + "\"").replace("\"analyst\"", "\"admin\"");
        refused.add(bearer("tampered token", parts[0] + "." + b64(asAdmin) + "." + parts[2]));
        refused.add(bearer("token without signature", parts[0] + "." + parts[1] + "."));
        String[] disabled = loggedIn(admin, Role.DATA_SCIENTIST);
        expect(admin.send("PATCH", "/auth/users/" + disabled[0], "application/json",
                "{\"disabled\": true}".getBytes(StandardCharsets.UTF_8)), 200);
        refused.add(bearer("disabled user's token", disabled[1]));
        return new FuzzCredentials(keys, refused);
    }

    /** The credential {@code identity} sends (a key as a bearer token or in X-API-Key), or null for none. */
    Credential pick(FuzzIdentity identity, Random r) {
        if (identity == FuzzIdentity.NONE) {
            return null;
        }
        if (identity == FuzzIdentity.FORGED) {
            return refused.get(r.nextInt(refused.size()));
        }
        String key = keys.get(identity.role());
        return r.nextBoolean() ? new Credential("key", AUTHORIZATION, "Bearer " + key) : new Credential("key", KEY_HEADER, key);
    }

    /** The admin's key: the fuzz target's resources are made with it. */
    String adminKey() {
        return keys.get(Role.ADMIN);
    }

    /** A key revoked after use, and one that expired after use (each was in the server's key cache). */
    private static List<Credential> deadKeys(HttpTestClient admin) throws InterruptedException {
        JsonNode revoked = key(admin, "fuzz revoked", Role.ADMIN, null);
        expect(admin.anonymous().withApiKey(revoked.get("key").asText()).get("/auth/me"), 200);
        expect(admin.delete("/auth/keys/" + revoked.get("id").asText()), 204);
        Instant expires = Instant.now().plusSeconds(2);
        JsonNode expiring = key(admin, "fuzz expiring", Role.ADMIN, expires);
        expect(admin.anonymous().withApiKey(expiring.get("key").asText()).get("/auth/me"), 200);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expires).toMillis()) + 500);
        return List.of(new Credential("revoked key", KEY_HEADER, revoked.get("key").asText()),
                new Credential("revoked key", AUTHORIZATION, "Bearer " + revoked.get("key").asText()),
                new Credential("expired key", KEY_HEADER, expiring.get("key").asText()),
                new Credential("expired key", AUTHORIZATION, "Bearer " + expiring.get("key").asText()));
    }

    private static JsonNode key(HttpTestClient admin, String name, Role role, Instant expiresAt) {
        Response r = admin.postJson("/auth/keys", "{\"name\": \"" + name + "\", \"role\": \"" + role.wire() + "\""
                + (expiresAt == null ? "" : ", \"expiresAt\": \"" + expiresAt + "\"") + "}");
        expect(r, 201);
        return r.json();
    }

    /** A new user of {@code role}, logged in: its id and its access token. */
    private static String[] loggedIn(HttpTestClient admin, Role role) {
        String username = "fuzz-" + role.wire().replace('_', '-') + "-" + Long.toString(System.nanoTime(), 36);
        String password = "fuzz-password-" + random(16);
        Response user = admin.postJson("/auth/users", "{\"username\": \"" + username + "\", \"role\": \"" + role.wire()
                + "\", \"password\": \"" + password + "\"}");
        expect(user, 201);
        Response login = admin.anonymous().postJson("/auth/login", "{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}");
        expect(login, 200);
        return new String[] {user.json().get("id").asText(), login.json().get("token").asText()};
    }

    private static String userId(HttpTestClient admin, String username) {
        Response users = admin.get("/auth/users?size=500");
        expect(users, 200);
        for (JsonNode user : users.json().get("items")) {
            if (user.get("username").asText().equals(username)) {
                return user.get("id").asText();
            }
        }
        throw new IllegalStateException("preparing the fuzz credentials: no user '" + username + "'");
    }

    private static JWTClaimsSet.Builder claims(String subject, Instant issued) {
        return new JWTClaimsSet.Builder().issuer("vigil").audience("vigil-api").subject(subject).claim("role", "admin")
                .issueTime(Date.from(issued)).notBeforeTime(Date.from(issued)).expirationTime(Date.from(issued.plus(Duration.ofDays(1))))
                .jwtID(UUID.randomUUID().toString());
    }

    private static String hmac(byte[] secret, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a fuzz token", e);
        }
    }

    private static Credential bearer(String what, String token) {
        return new Credential(what, AUTHORIZATION, "Bearer " + token);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void expect(Response r, int status) {
        if (r.status() != status) {
            throw new IllegalStateException("preparing the fuzz credentials: expected " + status + ", got " + r);
        }
    }
}
