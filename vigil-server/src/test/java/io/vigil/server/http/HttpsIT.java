package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.testing.RawHttp;
import io.vigil.server.testing.TestCertificates;
import io.vigil.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole Vigil serving HTTPS as a user configures it, through {@code VIGIL_TLS_*}: from PEM files
 * and from a PKCS#12 keystore, the probes and an API route answer over TLS with HSTS, and the
 * port speaks no plain HTTP.
 */
class HttpsIT {
    @TempDir
    Path dir;

    @Test
    void servesHttpsFromPemFiles() throws Exception {
        TestCertificates certificates = TestCertificates.ec();
        Path cert = certificates.writeCertificate(dir.resolve("vigil.crt"));
        Path key = certificates.writeEncryptedKey(dir.resolve("vigil.key"), "pem-key-password");
        try (TestServer vigil = TestServer.start(Map.of("VIGIL_TLS_CERT", cert.toString(), "VIGIL_TLS_KEY", key.toString(),
                "VIGIL_TLS_KEY_PASSWORD", "pem-key-password"))) {
            assertServesHttpsOnly(vigil, certificates.trustingClient());
        }
    }

    @Test
    void servesHttpsFromAPkcs12Keystore() throws Exception {
        TestCertificates certificates = TestCertificates.rsa();
        Path p12 = certificates.writePkcs12(dir.resolve("vigil.p12"), "p12-password");
        try (TestServer vigil = TestServer.start(Map.of("VIGIL_TLS_KEYSTORE", p12.toString(), "VIGIL_TLS_KEYSTORE_PASSWORD", "p12-password"))) {
            assertServesHttpsOnly(vigil, certificates.trustingClient());
        }
    }

    private static void assertServesHttpsOnly(TestServer vigil, HttpClient client) throws Exception {
        String base = "https://localhost:" + vigil.port();
        String token = login(client, base);
        for (String path : new String[] {"/health", "/ml/algorithms"}) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(base + path))
                            .header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Strict-Transport-Security")).as(path).hasValue("max-age=31536000");
        }
        HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(base + "/ml/models")).header("Origin", base)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"modelName\": \"tls\", \"modelType\": \"tls\", \"algorithm\": \"gbm\", \"targetVariable\": \"label\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as("the dashboard's own https origin: " + created.body()).isEqualTo(201);

        RawHttp.Answer plain = RawHttp.exchange("127.0.0.1", vigil.port(),
                "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5), false);
        assertThat(plain.status()).as("plain HTTP is off: " + plain).isZero();
    }

    /** The first admin's access token, asked for over HTTPS as a user would. */
    private static String login(HttpClient client, String base) throws Exception {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\": \"admin\", \"password\": \"" + TestServer.ADMIN_PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("login over HTTPS").isEqualTo(200);
        return io.vigil.server.core.Json.readTree(answer.body()).get("token").asText();
    }
}
