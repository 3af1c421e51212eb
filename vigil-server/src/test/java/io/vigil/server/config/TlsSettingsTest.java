package io.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS settings: a PKCS#12 keystore or PEM files are read and checked at start, and every bad
 * setting stops it with a message naming the setting, never the password.
 */
class TlsSettingsTest {
    private static final String PASSWORD = "k3ystore-Secret!";
    private static TestCertificates rsa;
    private static TestCertificates ec;

    @TempDir
    Path dir;

    @BeforeAll
    static void certificates() {
        rsa = TestCertificates.rsa();
        ec = TestCertificates.ec();
    }

    @Test
    void noTlsSettingMeansPlainHttp() {
        assertThat(ConfigLoader.load(null, Map.of()).edge().tls()).isNull();
    }

    @Test
    void aPkcs12KeystoreIsReadWithItsPassword() throws Exception {
        Path p12 = rsa.writePkcs12(dir.resolve("vigil.p12"), PASSWORD);
        TlsConfig tls = load(Map.of("VIGIL_TLS_KEYSTORE", p12.toString(), "VIGIL_TLS_KEYSTORE_PASSWORD", PASSWORD));
        assertThat(serverCertificate(tls)).isEqualTo(rsa.certificate());
        assertThat(tls.plainHttpPort()).isNull();
        assertThat(tls.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void pemFilesAreReadInEveryCommonForm() throws Exception {
        for (TestCertificates certificates : new TestCertificates[] {rsa, ec}) {
            Path cert = certificates.writeCertificate(dir.resolve("cert.pem"));
            for (Path key : new Path[] {certificates.writeKey(dir.resolve("pkcs8.pem")),
                    certificates.writeTraditionalKey(dir.resolve("traditional.pem"))}) {
                TlsConfig tls = load(Map.of("VIGIL_TLS_CERT", cert.toString(), "VIGIL_TLS_KEY", key.toString()));
                assertThat(serverCertificate(tls)).isEqualTo(certificates.certificate());
                assertThat(tls.source()).isEqualTo(cert.toAbsolutePath().normalize().toString());
            }
            Path encrypted = certificates.writeEncryptedKey(dir.resolve("encrypted.pem"), PASSWORD);
            TlsConfig tls = load(Map.of("VIGIL_TLS_CERT", cert.toString(), "VIGIL_TLS_KEY", encrypted.toString(),
                    "VIGIL_TLS_KEY_PASSWORD", PASSWORD));
            assertThat(serverCertificate(tls)).isEqualTo(certificates.certificate());
        }
    }

    @Test
    void aChainIsSentWithTheServersCertificateFirst() throws Exception {
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, Files.readString(ec.writeCertificate(dir.resolve("other.pem")))
                + Files.readString(rsa.writeCertificate(dir.resolve("server.pem"))));
        TlsConfig tls = load(Map.of("VIGIL_TLS_CERT", chain.toString(), "VIGIL_TLS_KEY", rsa.writeKey(dir.resolve("k.pem")).toString()));
        assertThat(serverCertificate(tls)).isEqualTo(rsa.certificate());
        assertThat(tls.keyStore().getCertificateChain(alias(tls))).hasSize(2);
    }

    @Test
    void badSettingsStopTheStartNamingTheSetting() {
        Path p12 = rsa.writePkcs12(dir.resolve("vigil.p12"), PASSWORD);
        Path cert = rsa.writeCertificate(dir.resolve("cert.pem"));
        Path key = rsa.writeKey(dir.resolve("key.pem"));
        Path otherKey = ec.writeKey(dir.resolve("other-key.pem"));
        Path encrypted = rsa.writeEncryptedKey(dir.resolve("encrypted.pem"), PASSWORD);
        Path missing = dir.resolve("missing.p12");

        refused(Map.of("VIGIL_TLS_KEYSTORE", missing.toString(), "VIGIL_TLS_KEYSTORE_PASSWORD", PASSWORD))
                .hasMessageContaining("VIGIL_TLS_KEYSTORE").hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
        refused(Map.of("VIGIL_TLS_KEYSTORE", p12.toString(), "VIGIL_TLS_KEYSTORE_PASSWORD", "wrong-" + PASSWORD))
                .hasMessageContaining("VIGIL_TLS_KEYSTORE_PASSWORD").hasMessageContaining("password is wrong");
        refused(Map.of("VIGIL_TLS_KEYSTORE", cert.toString(), "VIGIL_TLS_KEYSTORE_PASSWORD", PASSWORD))
                .hasMessageContaining("VIGIL_TLS_KEYSTORE").hasMessageContaining("not a PKCS#12 keystore");
        refused(Map.of("VIGIL_TLS_CERT", cert.toString(), "VIGIL_TLS_KEY", otherKey.toString()))
                .hasMessageContaining("VIGIL_TLS_KEY").hasMessageContaining("does not belong to the certificate")
                .hasMessageContaining("VIGIL_TLS_CERT").hasMessageContaining("CN=localhost");
        refused(Map.of("VIGIL_TLS_CERT", key.toString(), "VIGIL_TLS_KEY", cert.toString()))
                .hasMessageContaining("VIGIL_TLS_CERT").hasMessageContaining("VIGIL_TLS_KEY");
        refused(Map.of("VIGIL_TLS_CERT", cert.toString(), "VIGIL_TLS_KEY", dir.resolve("nokey.pem").toString()))
                .hasMessageContaining("VIGIL_TLS_KEY").hasMessageContaining("does not exist");
        refused(Map.of("VIGIL_TLS_CERT", cert.toString(), "VIGIL_TLS_KEY", encrypted.toString()))
                .hasMessageContaining("is encrypted").hasMessageContaining("VIGIL_TLS_KEY_PASSWORD");
        refused(Map.of("VIGIL_TLS_CERT", cert.toString(), "VIGIL_TLS_KEY", encrypted.toString(), "VIGIL_TLS_KEY_PASSWORD", "wrong-" + PASSWORD))
                .hasMessageContaining("VIGIL_TLS_KEY_PASSWORD").hasMessageContaining("password is wrong");
        refused(Map.of("VIGIL_TLS_CERT", cert.toString())).hasMessageContaining("needs its private key in tls.privateKey (VIGIL_TLS_KEY)");
        refused(Map.of("VIGIL_TLS_KEY", key.toString())).hasMessageContaining("needs its certificate chain in tls.certificate");
        refused(Map.of("VIGIL_TLS_KEYSTORE", p12.toString(), "VIGIL_TLS_CERT", cert.toString(), "VIGIL_TLS_KEY", key.toString()))
                .hasMessageContaining("either");
        refused(Map.of("VIGIL_TLS_KEYSTORE_PASSWORD", PASSWORD)).hasMessageContaining("tls.keystore (VIGIL_TLS_KEYSTORE) is not");
        refused(Map.of("VIGIL_TLS_PLAIN_HTTP_PORT", "8081")).hasMessageContaining("VIGIL_TLS_PLAIN_HTTP_PORT").hasMessageContaining("no TLS");
        refused(Map.of("VIGIL_TLS_KEYSTORE", p12.toString(), "VIGIL_TLS_KEYSTORE_PASSWORD", PASSWORD, "VIGIL_PORT", "8443",
                "VIGIL_TLS_PLAIN_HTTP_PORT", "8443")).hasMessageContaining("must differ from server.port");
    }

    @Test
    void aKeyWithAnotherPasswordThanItsKeystoreIsNamed() throws Exception {
        KeyStore store = rsa.keyStore("key-" + PASSWORD);
        Path p12 = dir.resolve("two-passwords.p12");
        try (var out = Files.newOutputStream(p12)) {
            store.store(out, PASSWORD.toCharArray());
        }
        refused(Map.of("VIGIL_TLS_KEYSTORE", p12.toString(), "VIGIL_TLS_KEYSTORE_PASSWORD", PASSWORD))
                .hasMessageContaining("another password than the keystore");
    }

    @Test
    void aPlainHttpPortMayServeBesideHttps() {
        Path p12 = rsa.writePkcs12(dir.resolve("vigil.p12"), PASSWORD);
        assertThat(load(Map.of("VIGIL_TLS_KEYSTORE", p12.toString(), "VIGIL_TLS_KEYSTORE_PASSWORD", PASSWORD,
                "VIGIL_TLS_PLAIN_HTTP_PORT", "8081")).plainHttpPort()).isEqualTo(8081);
    }

    @Test
    void yamlNamesTheSameSettings() throws Exception {
        Path cert = rsa.writeCertificate(dir.resolve("cert.pem"));
        Path key = rsa.writeEncryptedKey(dir.resolve("key.pem"), PASSWORD);
        Path yaml = Files.writeString(dir.resolve("vigil.yaml"), "tls:\n  certificate: " + cert + "\n  privateKey: " + key
                + "\n  privateKeyPassword: \"" + PASSWORD + "\"\n  plainHttpPort: 8081\n");
        TlsConfig tls = ConfigLoader.load(yaml, Map.of()).edge().tls();
        assertThat(serverCertificate(tls)).isEqualTo(rsa.certificate());
        assertThat(ConfigLoader.load(yaml, Map.of()).toString()).doesNotContain(PASSWORD).contains("tls=" + cert);
    }

    private static TlsConfig load(Map<String, String> env) {
        return ConfigLoader.load(null, env).edge().tls();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        return assertThatThrownBy(() -> ConfigLoader.load(null, all)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }

    private static X509Certificate serverCertificate(TlsConfig tls) throws Exception {
        String alias = alias(tls);
        assertThat(tls.keyStore().getKey(alias, tls.keyPassword().toCharArray())).isInstanceOf(PrivateKey.class);
        return (X509Certificate) tls.keyStore().getCertificateChain(alias)[0];
    }

    private static String alias(TlsConfig tls) throws Exception {
        return Collections.list(tls.keyStore().aliases()).stream().filter(a -> {
            try {
                return tls.keyStore().isKeyEntry(a);
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow();
    }
}
