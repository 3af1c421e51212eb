package io.vigil.server.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed server certificate made inside a test with Bouncy Castle, for {@code localhost}
 * and {@code 127.0.0.1}, and the files Vigil reads it from: PEM (certificate, plain or encrypted
 * key) and PKCS#12. {@link #trustingClient()} is an HTTP client that trusts it and nothing else.
 */
public final class TestCertificates {
    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestCertificates(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    public static TestCertificates rsa() {
        return make("RSA", null);
    }

    public static TestCertificates ec() {
        return make("EC", "secp256r1");
    }

    private static TestCertificates make(String algorithm, String curve) {
        try {
            // Bouncy Castle's EC keys name their curve inside the key too, as OpenSSL's "EC PRIVATE KEY" files do
            KeyPairGenerator generator = curve != null ? KeyPairGenerator.getInstance(algorithm, new BouncyCastleProvider())
                    : KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else {
                generator.initialize(2048);
            }
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=localhost, O=Vigil test");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(2))), subject, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            String signature = algorithm.equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())));
            return new TestCertificates(keys, certificate);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate as PEM. */
    public Path writeCertificate(Path file) {
        return writePem(file, certificate);
    }

    /** The private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public Path writeKey(Path file) {
        try {
            return writePem(file, new JcaPKCS8Generator(keys.getPrivate(), null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private key in OpenSSL's traditional form ({@code BEGIN RSA PRIVATE KEY} or {@code BEGIN EC PRIVATE KEY}). */
    public Path writeTraditionalKey(Path file) {
        return writePem(file, keys.getPrivate());
    }

    /** The private key as encrypted PKCS#8 PEM ({@code BEGIN ENCRYPTED PRIVATE KEY}, AES-256-CBC). */
    public Path writeEncryptedKey(Path file, String password) {
        try {
            OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setProvider(new BouncyCastleProvider()).setPassword(password.toCharArray()).build();
            return writePem(file, new JcaPKCS8Generator(keys.getPrivate(), encryptor));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#12 keystore holding the key and certificate, under {@code password}. */
    public Path writePkcs12(Path file, String password) {
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore(password).store(out, password.toCharArray());
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public KeyStore keyStore(String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", keys.getPrivate(), password.toCharArray(), new Certificate[] {certificate});
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** TLS that trusts this certificate only. */
    public SSLContext trustingContext() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("vigil", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK's HTTP client trusting this certificate only (it checks the name too: use https://localhost). */
    public HttpClient trustingClient() {
        return HttpClient.newBuilder().sslContext(trustingContext()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static Path writePem(Path file, Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            if (object instanceof org.bouncycastle.util.io.pem.PemObjectGenerator generator) {
                pem.writeObject(generator);
            } else {
                pem.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return Files.writeString(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
