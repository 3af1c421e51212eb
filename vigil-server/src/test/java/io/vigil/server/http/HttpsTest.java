package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.auth.Access;
import io.vigil.server.testing.RawHttp;
import io.vigil.server.testing.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTPS on the HTTP layer alone: a certificate made in the test, real TLS handshakes by the JDK's
 * client, HSTS, plain HTTP off unless asked for, and only modern TLS.
 */
class HttpsTest {
    private static final String PASSWORD = "test-keystore-password";
    static TestCertificates certificates;
    static HttpServer httpsOnly;
    static HttpServer withPlainHttp;
    static HttpClient client;

    @BeforeAll
    static void start() throws IOException {
        certificates = TestCertificates.rsa();
        client = certificates.trustingClient();
        List<Route> routes = List.of(
                Route.get("/ok", Access.PUBLIC, ctx -> ctx.json(Map.of("ok", true))),
                Route.post("/change", Access.PUBLIC, ctx -> ctx.result("changed")));
        EdgeSettings.Https https = new EdgeSettings.Https(certificates.keyStore(PASSWORD), PASSWORD, null);
        httpsOnly = HttpServer.start(new HttpServer.Settings("127.0.0.1", 0, 1024 * 1024, Files.createTempDirectory("vigil-https-"), 0,
                Duration.ofSeconds(5), EdgeSettings.defaults().withHttps(https)), routes);
        withPlainHttp = HttpServer.start(new HttpServer.Settings("127.0.0.1", 0, 1024 * 1024, Files.createTempDirectory("vigil-https-"), 0,
                Duration.ofSeconds(5), EdgeSettings.defaults().withHttps(new EdgeSettings.Https(https.keyStore(), PASSWORD, 0))), routes);
    }

    @AfterAll
    static void stop() {
        httpsOnly.close();
        withPlainHttp.close();
    }

    @Test
    void answersOverHttpsWithHsts() throws Exception {
        HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsOnly.port() + "/ok")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"ok\":true}");
        assertThat(ok.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
        assertThat(ok.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));

        HttpResponse<String> missing = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsOnly.port() + "/nowhere"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Strict-Transport-Security")).as("problem answers too").isPresent();
    }

    @Test
    void plainHttpIsOffUnlessAskedFor() throws Exception {
        assertThat(httpsOnly.plainHttpPort()).isEqualTo(-1);
        RawHttp.Answer plain = RawHttp.exchange("127.0.0.1", httpsOnly.port(),
                "GET /ok HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5), false);
        assertThat(plain.status()).as("no HTTP answer on the HTTPS port: " + plain).isZero();

        HttpResponse<String> asked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + withPlainHttp.plainHttpPort() + "/ok")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(asked.headers().firstValue("Strict-Transport-Security")).as("HSTS is never sent over plain HTTP").isEmpty();
        HttpResponse<String> secure = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + withPlainHttp.port() + "/ok"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(secure.headers().firstValue("Strict-Transport-Security")).isPresent();
    }

    @Test
    void thePagesOwnHttpsOriginMayChangeDataAndItsHttpTwinMayNot() throws Exception {
        String base = "https://localhost:" + httpsOnly.port();
        assertThat(post(base, base).statusCode()).isEqualTo(200);
        assertThat(post(base, "http://localhost:" + httpsOnly.port()).statusCode()).isEqualTo(403);
    }

    @Test
    void onlyTls12And13AreSpoken() throws Exception {
        assertThat(handshake(new String[] {"TLSv1.3"}, null)).isEqualTo("TLSv1.3");
        assertThat(handshake(new String[] {"TLSv1.2"}, new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"})).isEqualTo("TLSv1.2");
        // this JDK's client will not offer TLS 1.0/1.1 at all, so what the server was told is checked: only 1.2 and 1.3
        SslContextFactory.Server tls = ((SslConnectionFactory) httpsOnly.jetty().getConnectors()[0]
                .getConnectionFactory(SslConnectionFactory.class)).getSslContextFactory();
        assertThat(tls.getSelectedProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(tls.getSelectedCipherSuites()).isNotEmpty().allSatisfy(suite -> assertThat(suite)
                .matches("TLS_(AES_\\d+_GCM_SHA\\d+|CHACHA20_POLY1305_SHA256|(ECDHE_(RSA|ECDSA)|DHE_(RSA|DSS))_WITH_(AES_\\d+_GCM_SHA\\d+|CHACHA20_POLY1305_SHA256))|TLS_EMPTY_RENEGOTIATION_INFO_SCSV"));
        assertThat(tls.isRenegotiationAllowed()).isFalse();
    }

    @Test
    void weakCipherSuitesAreRefused() {
        for (String weak : new String[] {"TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"}) {
            assertThatThrownBy(() -> handshake(new String[] {"TLSv1.2"}, new String[] {weak})).as(weak)
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    private static HttpResponse<String> post(String base, String origin) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + "/change")).header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The protocol a handshake offering only {@code protocols} (and {@code suites}, if given) agrees on. */
    private static String handshake(String[] protocols, String[] suites) throws IOException {
        try (SSLSocket socket = (SSLSocket) certificates.trustingContext().getSocketFactory().createSocket("localhost", httpsOnly.port())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(protocols); // a client may offer what its JDK disabled: the server must still refuse
            if (suites != null) {
                parameters.setCipherSuites(suites);
            }
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }
}
