package io.vigil.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * The one algorithm and key access tokens are signed and checked with: HS256 with a shared secret
 * (configured, or generated once and kept in the database so every instance shares it), or RS256
 * with a configured RSA key. Verification accepts that algorithm only: a token signed otherwise
 * ({@code none}, HS256 with the RSA public key as secret, RS256 on an HS256 server) is refused.
 */
record TokenKeys(JWSAlgorithm algorithm, JWSSigner signer, SingleKeyJWSKeySelector<SecurityContext> verification) {
    static final int MIN_SECRET_BYTES = 32;
    private static final String STORED_SECRET = "jwt.hs256";

    static TokenKeys from(AuthSettings settings, Jdbi jdbi, Clock clock) {
        try {
            if (settings.jwtKeyFile() != null) {
                return rsa(settings.jwtKeyFile());
            }
            byte[] secret = settings.jwtSecret() != null ? settings.jwtSecret().getBytes(StandardCharsets.UTF_8) : storedSecret(jdbi, clock);
            return hmac(secret);
        } catch (JOSEException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the token keys: " + e.getMessage(), e);
        }
    }

    static TokenKeys hmac(byte[] secret) throws JOSEException {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the JWT secret (VIGIL_JWT_SECRET) must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        SecretKeySpec key = new SecretKeySpec(secret, "HmacSHA256");
        return new TokenKeys(JWSAlgorithm.HS256, new MACSigner(key), new SingleKeyJWSKeySelector<>(JWSAlgorithm.HS256, key));
    }

    /** RS256 from a PKCS#8 PEM private key ({@code -----BEGIN PRIVATE KEY-----}); its public half checks. */
    static TokenKeys rsa(Path pemFile) throws GeneralSecurityException {
        String pem;
        try {
            pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the JWT key file " + pemFile + " (VIGIL_JWT_KEY_FILE): " + e.getMessage(), e);
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the JWT key file " + pemFile
                    + " must hold an RSA private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----), e.g. from "
                    + "'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048'");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        if (!(rsa.generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof RSAPrivateCrtKey priv) || priv.getModulus().bitLength() < 2048) {
            throw new IllegalArgumentException("the JWT key file " + pemFile + " must hold an RSA private key of 2048 bits or more");
        }
        Key pub = rsa.generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
        return new TokenKeys(JWSAlgorithm.RS256, new RSASSASigner(priv), new SingleKeyJWSKeySelector<>(JWSAlgorithm.RS256, pub));
    }

    /** The secret every instance on this database shares: the first to ask makes it. */
    private static byte[] storedSecret(Jdbi jdbi, Clock clock) {
        String candidate = Base64.getEncoder().encodeToString(Secrets.randomBytes(MIN_SECRET_BYTES));
        String value = jdbi.inTransaction(h -> {
            h.createUpdate("insert into auth_secrets (name, value, created_at) values (:name, :value, :now) on conflict (name) do nothing")
                    .bind("name", STORED_SECRET).bind("value", candidate).bind("now", Timestamp.from(clock.instant())).execute();
            return h.createQuery("select value from auth_secrets where name = :name").bind("name", STORED_SECRET)
                    .mapTo(String.class).one();
        });
        return Base64.getDecoder().decode(value);
    }
}
