package io.vigil.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Forged and broken access tokens, each built here and sent to a real server, refused with 401: the
 * kinds of weak token checks that have shipped as CVEs in JWT libraries and in platforms using them.
 * A token built the same way with the server's own key is accepted (the control), so each refusal is
 * the check's doing, not the builder's.
 */
class JwtAttacksIT {
    private static final String SECRET = "jwt-attacks-test-secret-" + UUID.randomUUID();
    static TestServer hs;
    static TestServer rs;
    static KeyPair rsaKeys;
    static String adminId;

    @BeforeAll
    static void start() throws Exception {
        hs = TestServer.start(Map.of("VIGIL_JWT_SECRET", SECRET));
        adminId = hs.http().get("/auth/me").json().get("id").asText();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsaKeys = generator.generateKeyPair();
        Path pem = Files.createTempFile("vigil-jwt-", ".pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(rsaKeys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        rs = TestServer.start(Map.of("VIGIL_JWT_KEY_FILE", pem.toString()));
    }

    @AfterAll
    static void stop() {
        hs.close();
        rs.close();
    }

    @Test
    void controlATokenSignedWithTheServersSecretIsAccepted() throws Exception {
        assertThat(me(hs, hmac(SECRET.getBytes(StandardCharsets.UTF_8), claims(adminId).build())).status()).isEqualTo(200);
    }

    @Test
    void controlTheRs256ServerIssuesAndAcceptsRs256() {
        String token = rs.http().credentialHeader()[1].substring("Bearer ".length());
        assertThat(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8)).contains("\"alg\":\"RS256\"");
        assertThat(rs.http().get("/auth/me").status()).isEqualTo(200);
    }

    /** CVE-2015-9235 (jsonwebtoken) and its kin: an unsigned token, alg "none" in any spelling. */
    @Test
    void algNoneIsRefused() {
        JWTClaimsSet claims = claims(adminId).build();
        refused(hs, new PlainJWT(claims).serialize());
        String payload = b64(claims.toString());
        for (String alg : new String[] {"none", "None", "NONE", "nOnE"}) {
            refused(hs, b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + payload + ".");
        }
    }

    /** A genuine token with its signature cut off, or emptied. */
    @Test
    void aStrippedSignatureIsRefused() {
        String[] parts = issued(hs).split("\\.");
        refused(hs, parts[0] + "." + parts[1] + ".");
        refused(hs, parts[0] + "." + parts[1]);
        refused(hs, parts[0] + "." + parts[1] + ".AAAA");
    }

    /**
     * CVE-2016-10555 (jwt-simple), CVE-2015-9235's confusion half: the RSA public key, which is no
     * secret, used as an HMAC secret in an HS256 token for a server that signs with RS256.
     */
    @Test
    void hsRsAlgorithmConfusionIsRefused() throws Exception {
        JWTClaimsSet claims = claims(rs.http().get("/auth/me").json().get("id").asText()).build();
        byte[] der = rsaKeys.getPublic().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        refused(rs, hmac(der, claims));
        refused(rs, hmac(pem.getBytes(StandardCharsets.US_ASCII), claims));
    }

    /** The other way round: an RS256 token signed with the attacker's key, on a server that signs with HS256, also with the key embedded (CVE-2018-0114's "jwk" header). */
    @Test
    void anRs256TokenOnAnHs256ServerIsRefusedEvenWithItsOwnKeyEmbedded() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair attacker = generator.generateKeyPair();
        JWTClaimsSet claims = claims(adminId).build();
        refused(hs, sign(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                new RSASSASigner((RSAPrivateKey) attacker.getPrivate()), claims));
        refused(hs, sign(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                        .jwk(new RSAKey.Builder((RSAPublicKey) attacker.getPublic()).build()).build(),
                new RSASSASigner((RSAPrivateKey) attacker.getPrivate()), claims));
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() throws Exception {
        refused(hs, hmac(("another-secret-of-enough-length-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8), claims(adminId).build()));
    }

    /** A token whose claims were changed after signing: an analyst's, made to name the admin. */
    @Test
    void aTamperedTokenIsRefused() {
        String[] parts = hs.as(Role.ANALYST).credentialHeader()[1].substring("Bearer ".length()).split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = claims.replaceAll("\"sub\":\"[^\"]+\"", "\"sub\":\"" + adminId + "\"").replace("\"analyst\"", "\"admin\"");
        assertThat(forged).isNotEqualTo(claims);
        refused(hs, parts[0] + "." + b64(forged) + "." + parts[2]);
    }

    @Test
    void anExpiredTokenIsRefusedAndSaysSo() throws Exception {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        Response r = me(hs, hmac(SECRET.getBytes(StandardCharsets.UTF_8), claims(adminId).issueTime(Date.from(past))
                .notBeforeTime(Date.from(past)).expirationTime(Date.from(past.plus(Duration.ofMinutes(15)))).build()));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("detail").asText()).contains("expired").contains("/auth/refresh");
    }

    @Test
    void aTokenNotYetValidIsRefused() throws Exception {
        Instant later = Instant.now().plus(Duration.ofMinutes(10));
        refused(hs, hmac(SECRET.getBytes(StandardCharsets.UTF_8), claims(adminId).notBeforeTime(Date.from(later)).build()));
    }

    @Test
    void anotherIssuerOrAudienceIsRefused() throws Exception {
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        refused(hs, hmac(secret, claims(adminId).issuer("someone-else").build()));
        refused(hs, hmac(secret, claims(adminId).audience("another-api").build()));
        refused(hs, hmac(secret, claims(adminId).audience((String) null).build()));
    }

    @Test
    void aTokenWithoutTheRequiredClaimsIsRefused() throws Exception {
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        refused(hs, hmac(secret, claims(adminId).expirationTime(null).build()));
        refused(hs, hmac(secret, claims(adminId).jwtID(null).build()));
        refused(hs, hmac(secret, claims(UUID.randomUUID().toString()).build())); // a user who does not exist
        refused(hs, hmac(secret, claims("admin").build())); // not an id
    }

    @Test
    void garbageIsRefused() {
        for (String junk : new String[] {"x", "a.b.c", "....", "eyJ", "e30.e30.e30", "Bearer"}) {
            refused(hs, junk);
        }
        assertThat(hs.anonymous().as("Authorization", () -> "Basic YWRtaW46YWRtaW4=").get("/auth/me").status()).isEqualTo(401);
        assertThat(hs.anonymous().as("Authorization", () -> "Bearer " + "a".repeat(5000)).get("/auth/me").status()).isEqualTo(401);
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("vigil").audience("vigil-api").subject(subject)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString());
    }

    private static String hmac(byte[] secret, JWTClaimsSet claims) throws Exception {
        return sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), new MACSigner(secret), claims);
    }

    private static String sign(JWSHeader header, JWSSigner signer, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String issued(TestServer server) {
        return server.http().credentialHeader()[1].substring("Bearer ".length());
    }

    private static Response me(TestServer server, String token) {
        return server.anonymous().withBearer(token).get("/auth/me");
    }

    private static void refused(TestServer server, String token) {
        Response r = me(server, token);
        assertThat(r.status()).as("token %s: %s", token.length() > 80 ? token.substring(0, 80) + "..." : token, r).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"vigil\"");
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
