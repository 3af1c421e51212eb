package io.vigil.server.config;

import java.security.KeyStore;

/**
 * Vigil's TLS identity, read and checked at start by {@link TlsFiles}: the private key and its
 * certificate chain in one in-memory keystore.
 *
 * @param keyStore      one or more private keys, each with its chain
 * @param keyPassword   the password of the key entries in {@code keyStore} (the keystore's own for a PKCS#12 file,
 *                      a random one for PEM files); never logged
 * @param source        where the keys came from, for logs: a keystore path, or the certificate's path
 * @param plainHttpPort a port that serves plain HTTP besides HTTPS, or {@code null} (HTTPS only)
 */
public record TlsConfig(KeyStore keyStore, String keyPassword, String source, Integer plainHttpPort) {
    @Override
    public String toString() {
        return "TlsConfig[source=" + source + ", keyPassword=****, plainHttpPort=" + plainHttpPort + "]";
    }
}
