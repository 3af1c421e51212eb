package io.vigil.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMDecryptorProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads Vigil's TLS key and certificates, from a PKCS#12 keystore or from PEM files, and checks
 * them before anything starts: the files exist, the passwords open them, and each private key
 * belongs to the first certificate of its chain. Every failure is a {@link ConfigException} naming
 * the setting to fix; no password ever appears in one.
 *
 * <p>PEM files are read with Bouncy Castle's {@code PEMParser}: certificates ({@code BEGIN CERTIFICATE},
 * the server's first, then its issuers) and a key as PKCS#8 ({@code BEGIN PRIVATE KEY}, or
 * {@code BEGIN ENCRYPTED PRIVATE KEY} with a password) or OpenSSL's traditional form
 * ({@code BEGIN RSA/EC PRIVATE KEY}, encrypted or not). Bouncy Castle serves as a provider only
 * for decrypting keys, never registered JVM-wide; the keys themselves are the JDK's.
 */
final class TlsFiles {
    private static final String ALIAS = "vigil";
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private TlsFiles() {}

    /** The raw values of the TLS settings: empty text means not set. */
    record Values(String keystore, String keystorePassword, String certificate, String privateKey, String privateKeyPassword,
                  Integer plainHttpPort, int serverPort) {}

    /** The TLS identity the settings describe, or {@code null} when none is configured (plain HTTP). */
    static TlsConfig load(Values v) {
        boolean keystore = !v.keystore().isEmpty();
        boolean pem = !v.certificate().isEmpty() || !v.privateKey().isEmpty();
        if (keystore && pem) {
            throw new ConfigException("set either " + name(ConfigLoader.TLS_KEYSTORE) + " or " + name(ConfigLoader.TLS_CERT)
                    + " with " + name(ConfigLoader.TLS_KEY) + ", not both");
        }
        if (!keystore && !v.keystorePassword().isEmpty()) {
            throw new ConfigException(name(ConfigLoader.TLS_KEYSTORE_PASSWORD) + " is set but " + name(ConfigLoader.TLS_KEYSTORE) + " is not");
        }
        if (v.privateKey().isEmpty() && !v.privateKeyPassword().isEmpty()) {
            throw new ConfigException(name(ConfigLoader.TLS_KEY_PASSWORD) + " is set but " + name(ConfigLoader.TLS_KEY) + " is not");
        }
        if (!keystore && !pem) {
            if (v.plainHttpPort() != null) {
                throw new ConfigException(name(ConfigLoader.TLS_PLAIN_HTTP_PORT) + " is for serving plain HTTP beside HTTPS, and no TLS"
                        + " is configured; without TLS, Vigil serves plain HTTP on " + name(ConfigLoader.PORT));
            }
            return null;
        }
        if (v.plainHttpPort() != null && v.plainHttpPort() != 0 && v.plainHttpPort() == v.serverPort()) {
            throw new ConfigException(name(ConfigLoader.TLS_PLAIN_HTTP_PORT) + " must differ from " + name(ConfigLoader.PORT)
                    + ", which serves HTTPS");
        }
        if (keystore) {
            Path path = existingFile(v.keystore(), ConfigLoader.TLS_KEYSTORE);
            return new TlsConfig(pkcs12(path, v.keystorePassword()), v.keystorePassword(), path.toString(), v.plainHttpPort());
        }
        if (v.certificate().isEmpty()) {
            throw new ConfigException(name(ConfigLoader.TLS_KEY) + " needs its certificate chain in " + name(ConfigLoader.TLS_CERT));
        }
        if (v.privateKey().isEmpty()) {
            throw new ConfigException(name(ConfigLoader.TLS_CERT) + " needs its private key in " + name(ConfigLoader.TLS_KEY));
        }
        Path certificate = existingFile(v.certificate(), ConfigLoader.TLS_CERT);
        Path key = existingFile(v.privateKey(), ConfigLoader.TLS_KEY);
        List<X509Certificate> chain = pemCertificates(certificate);
        PrivateKey privateKey = pemKey(key, v.privateKeyPassword());
        String password = randomPassword();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, privateKey, password.toCharArray(), serverFirst(chain, privateKey).toArray(Certificate[]::new));
            return new TlsConfig(store, password, certificate.toString(), v.plainHttpPort());
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("the key in " + name(ConfigLoader.TLS_KEY) + " cannot be used with its certificate: " + e.getMessage());
        }
    }

    private static KeyStore pkcs12(Path path, String password) {
        String setting = name(ConfigLoader.TLS_KEYSTORE);
        KeyStore store;
        try (InputStream in = Files.newInputStream(path)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new ConfigException(setting + ": " + path + " cannot be opened with " + name(ConfigLoader.TLS_KEYSTORE_PASSWORD)
                        + ": the password is wrong");
            }
            throw new ConfigException(setting + ": " + path + " is not a PKCS#12 keystore (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new ConfigException(setting + ": " + path + " cannot be read as a PKCS#12 keystore (" + e.getMessage() + ")");
        }
        int keys = 0;
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                keys++;
                PrivateKey key = (PrivateKey) store.getKey(alias, password.toCharArray());
                Certificate[] chain = store.getCertificateChain(alias);
                if (chain == null || chain.length == 0 || !belongTogether(key, chain[0].getPublicKey())) {
                    throw new ConfigException(setting + ": the private key '" + alias + "' in " + path
                            + " does not belong to the first certificate of its chain");
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw new ConfigException(setting + ": a private key in " + path + " has another password than the keystore; Vigil"
                    + " opens keys with " + name(ConfigLoader.TLS_KEYSTORE_PASSWORD) + ", so give both the same password");
        } catch (GeneralSecurityException e) {
            throw new ConfigException(setting + ": " + path + " cannot be read (" + e.getMessage() + ")");
        }
        if (keys == 0) {
            throw new ConfigException(setting + ": " + path + " holds no private key with its certificate");
        }
        return store;
    }

    private static List<X509Certificate> pemCertificates(Path path) {
        String setting = name(ConfigLoader.TLS_CERT);
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(reader)) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object o; (o = pem.readObject()) != null; ) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                } else {
                    throw new ConfigException(setting + ": " + path + " holds something other than certificates; the private key goes in "
                            + name(ConfigLoader.TLS_KEY));
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof ConfigException c) {
                throw c;
            }
            throw new ConfigException(setting + ": " + path + " is not a PEM certificate chain (" + e.getMessage() + ")");
        }
        if (chain.isEmpty()) {
            throw new ConfigException(setting + ": " + path + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    private static PrivateKey pemKey(Path path, String password) {
        String setting = name(ConfigLoader.TLS_KEY);
        Object o;
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(reader)) {
            o = pem.readObject();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(setting + ": " + path + " is not a PEM private key (" + e.getMessage() + ")");
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (o instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(setting + ": " + path + " holds a private key Vigil cannot use (" + e.getMessage() + ")");
        }
        try {
            if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC)
                        .build(passwordFor(path, password));
                return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(decryptor));
            }
            if (o instanceof PEMEncryptedKeyPair encrypted) {
                PEMDecryptorProvider decryptor = new JcePEMDecryptorProviderBuilder().setProvider(BC).build(passwordFor(path, password));
                return converter.getPrivateKey(encrypted.decryptKeyPair(decryptor).getPrivateKeyInfo());
            }
        } catch (PKCSException | IOException e) {
            throw new ConfigException(setting + ": " + path + " cannot be decrypted with " + name(ConfigLoader.TLS_KEY_PASSWORD)
                    + ": the password is wrong, or the key is damaged");
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException(setting + ": " + path + " holds a private key Vigil cannot use (" + e.getMessage() + ")");
        }
        throw new ConfigException(setting + ": " + path + " holds no PEM private key (-----BEGIN PRIVATE KEY-----"
                + (o == null ? "" : "; it begins with a " + kindOf(o)) + ")");
    }

    private static char[] passwordFor(Path path, String password) {
        if (password.isEmpty()) {
            throw new ConfigException(name(ConfigLoader.TLS_KEY) + ": " + path + " is encrypted; give its password in "
                    + name(ConfigLoader.TLS_KEY_PASSWORD));
        }
        return password.toCharArray();
    }

    /** The chain with the certificate of {@code key} first, as TLS sends it; the key must belong to one of them. */
    private static List<X509Certificate> serverFirst(List<X509Certificate> chain, PrivateKey key) {
        for (int i = 0; i < chain.size(); i++) {
            if (belongTogether(key, chain.get(i).getPublicKey())) {
                List<X509Certificate> ordered = new ArrayList<>(chain);
                ordered.add(0, ordered.remove(i));
                return ordered;
            }
        }
        throw new ConfigException(name(ConfigLoader.TLS_KEY) + " does not belong to the certificate in " + name(ConfigLoader.TLS_CERT)
                + " (" + chain.get(0).getSubjectX500Principal().getName() + "): give the key that was made with it");
    }

    /** Whether {@code key} signs what {@code publicKey} verifies: the one test that holds for every key type. */
    static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            throw new ConfigException("the TLS private key is of type " + key.getAlgorithm() + "; Vigil takes RSA, EC and EdDSA keys");
        }
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())
                && !(algorithm.equals("EdDSA") && publicKey.getAlgorithm().startsWith("Ed"))) {
            return false;
        }
        try {
            byte[] probe = "vigil-tls-key-check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // a key of another curve or size than the certificate's
        }
    }

    private static Path existingFile(String value, Setting<?> setting) {
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(name(setting) + ": " + path + " does not exist or is not a file");
        }
        if (!Files.isReadable(path)) {
            throw new ConfigException(name(setting) + ": " + path + " cannot be read by Vigil's user");
        }
        return path;
    }

    private static String kindOf(Object pemObject) {
        return pemObject instanceof X509CertificateHolder ? "certificate (it goes in " + name(ConfigLoader.TLS_CERT) + ")"
                : pemObject.getClass().getSimpleName();
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String name(Setting<?> setting) {
        return setting.key() + " (" + setting.env() + ")";
    }
}
