package io.vigil.server.http;

import io.javalin.config.JavalinConfig;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening connectors: plain HTTP, or HTTPS (first, so that it is {@link HttpServer#port()})
 * and, only when asked, plain HTTP on a port of its own.
 *
 * <p>TLS is Jetty's {@link SslContextFactory.Server} with its defaults, which leave out SSLv2/SSLv3
 * and every cipher suite with MD5 or SHA-1 MACs, static RSA key exchange (no forward secrecy),
 * NULL encryption or no authentication; the JDK's {@code jdk.tls.disabledAlgorithms} leaves out
 * TLS 1.0/1.1, RC4, DES and 3DES. On top of them Vigil takes only TLS 1.3 and 1.2 (whatever the
 * JDK's settings), refuses CBC suites (as Mozilla's "intermediate" profile does: what is left is
 * ECDHE/DHE with AES-GCM or ChaCha20-Poly1305) and client-initiated renegotiation. Answers over
 * HTTPS carry {@code Strict-Transport-Security: max-age=31536000}.
 */
final class Listeners {
    private static final Logger log = LoggerFactory.getLogger("vigil.http");
    static final long HSTS_MAX_AGE_SECONDS = 365L * 24 * 3600;

    private Listeners() {}

    static void install(JavalinConfig cfg, String host, int port, Duration bodyTimeout, EdgeSettings.Https https) {
        if (https == null) {
            cfg.jetty.addConnector((server, http) -> plain(server, http, host, port, bodyTimeout));
            return;
        }
        cfg.jetty.addConnector((server, http) -> secure(server, http, host, port, bodyTimeout, https));
        if (https.plainHttpPort() != null) {
            cfg.jetty.addConnector((server, http) -> plain(server, http, host, https.plainHttpPort(), bodyTimeout));
        }
    }

    private static ServerConnector plain(Server server, HttpConfiguration http, String host, int port, Duration bodyTimeout) {
        return configure(new ServerConnector(server, new HttpConnectionFactory(http)), host, port, bodyTimeout);
    }

    private static ServerConnector secure(Server server, HttpConfiguration http, String host, int port, Duration bodyTimeout,
                                          EdgeSettings.Https https) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(https.keyStore()); // already open: only its keys' password is needed
        tls.setKeyManagerPassword(https.keyPassword());
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        tls.addExcludeCipherSuites("^TLS_.*_CBC_.*$");
        tls.setRenegotiationAllowed(false);
        HttpConfiguration secureHttp = new HttpConfiguration(http);
        // the name a client asked for is the client's to check against the certificate; the Host allowlist guards names here
        secureHttp.addCustomizer(new SecureRequestCustomizer(false, HSTS_MAX_AGE_SECONDS, false));
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(secureHttp));
        X509Certificate certificate = firstCertificate(https.keyStore());
        if (certificate != null) {
            log.atInfo().addKeyValue("subject", certificate.getSubjectX500Principal().getName())
                    .addKeyValue("notAfter", certificate.getNotAfter().toInstant()).addKeyValue("plainHttpPort", https.plainHttpPort())
                    .log("HTTPS on");
        }
        return configure(connector, host, port, bodyTimeout);
    }

    /**
     * Its idle timeout outlasts the body timeout, so a stalled body meets the body timeout (a 408)
     * first; otherwise it is Jetty's default.
     */
    private static ServerConnector configure(ServerConnector connector, String host, int port, Duration bodyTimeout) {
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(Math.max(connector.getIdleTimeout(), bodyTimeout.plusSeconds(10).toMillis()));
        connector.setAcceptQueueSize(1024); // a burst of new clients waits in the kernel, not in SYN retries (the default is 50)
        return connector;
    }

    private static X509Certificate firstCertificate(KeyStore keyStore) {
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.isKeyEntry(alias) && keyStore.getCertificate(alias) instanceof X509Certificate x509) {
                    return x509;
                }
            }
        } catch (KeyStoreException e) {
            log.atWarn().addKeyValue("error", e.toString()).log("cannot read the TLS certificate for the log");
        }
        return null;
    }
}
