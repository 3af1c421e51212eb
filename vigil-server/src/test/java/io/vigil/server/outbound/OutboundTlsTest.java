package io.vigil.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client connects to the address it checked, yet TLS still speaks to the URL's host: SNI and
 * the certificate check use the name, so pinning the address costs no security. A certificate for
 * {@code hooks.vigil.test}, made here with the JDK's keytool, is served on loopback; a test
 * resolver points the name there, the allowlist lets that one port through.
 */
class OutboundTlsTest {
    static final String NAME = "hooks.vigil.test";
    @TempDir
    static Path dir;
    static SSLContext serverTls;
    static SSLContext clientTls;
    static LoopbackServer https;

    @BeforeAll
    static void certificate() throws Exception {
        Path keystore = dir.resolve("hooks.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hooks", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + NAME, "-ext", "SAN=dns:" + NAME, "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "test-only", "-keypass", "test-only").redirectErrorStream(true).start();
        String said = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(said).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "test-only".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "test-only".toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);
        https = LoopbackServer.https(serverTls, x -> {
            if (x.getRequestURI().getPath().equals("/downgrade")) LoopbackServer.redirect(x, 302, "http://" + NAME + ":" + x.getLocalAddress().getPort() + "/");
            else LoopbackServer.answer(x, 200, "hello over TLS");
        });
    }

    @AfterAll
    static void stop() {
        https.close();
    }

    OutboundClient client() {
        HostResolver toLoopback = host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        return OutboundClient.create(OutboundSettings.DEFAULTS.withAllow(OutboundAllowlist.parse("127.0.0.1:" + https.port())), toLoopback, clientTls);
    }

    @Test
    void pinnedAddressStillSendsTheHostsNameAsSniHostHeaderAndCertificateName() {
        try (OutboundClient client = client()) {
            OutboundResponse answer = client.send(OutboundRequest.get("https://" + NAME + ":" + https.port() + "/hook"));
            assertThat(answer.text()).isEqualTo("hello over TLS");
            assertThat(answer.target()).isEqualTo("https://" + NAME + ":" + https.port());
        }
        assertThat(https.sni()).contains(NAME);
        assertThat(https.seen).extracting(s -> s.header("Host")).contains(NAME + ":" + https.port());
    }

    @Test
    void aCertificateForAnotherNameIsRefused() {
        try (OutboundClient client = client()) {
            assertThatThrownBy(() -> client.send(OutboundRequest.get("https://127.0.0.1:" + https.port() + "/")))
                    .isInstanceOf(OutboundException.class)
                    .hasMessageStartingWith("the TLS handshake with https://127.0.0.1:" + https.port() + " failed")
                    .satisfies(t -> assertThat(((OutboundException) t).reason()).isEqualTo(OutboundException.Reason.TLS_FAILED));
            assertThatThrownBy(() -> client.send(OutboundRequest.get("https://other.vigil.test:" + https.port() + "/")))
                    .satisfies(t -> assertThat(((OutboundException) t).reason()).isEqualTo(OutboundException.Reason.TLS_FAILED));
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        HostResolver toLoopback = host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        try (OutboundClient systemTrust = OutboundClient.create(OutboundSettings.DEFAULTS.withAllow(OutboundAllowlist.parse("127.0.0.1:" + https.port())),
                toLoopback, OutboundSsrfTest.tls())) {
            assertThatThrownBy(() -> systemTrust.send(OutboundRequest.get("https://" + NAME + ":" + https.port() + "/")))
                    .satisfies(t -> assertThat(((OutboundException) t).reason()).isEqualTo(OutboundException.Reason.TLS_FAILED));
        }
    }

    @Test
    void aRedirectFromHttpsToPlainHttpIsRefused() {
        try (OutboundClient client = client()) {
            assertThatThrownBy(() -> client.send(OutboundRequest.get("https://" + NAME + ":" + https.port() + "/downgrade")))
                    .isInstanceOf(OutboundException.class)
                    .hasMessage("the redirect from https://" + NAME + ":" + https.port() + " to http://" + NAME + ":" + https.port()
                            + " is refused: it leaves https for plain http");
        }
    }
}
