package io.vigil.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets and their digests: the one source of randomness for credentials (and alert webhooks' signing secrets). */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {}

    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** 256 random bits as URL-safe base64 (43 characters): refresh tokens, keys, generated passwords. */
    public static String randomToken() {
        return URL_SAFE.encodeToString(randomBytes(32));
    }

    /**
     * Hex SHA-256: how refresh tokens and API keys are stored and looked up. A fast hash is right for
     * 256 random bits (nothing to guess), where a password needs Argon2.
     */
    static String sha256(String secret) {
        MessageDigest digest = SHA256.get();
        return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8))); // digest() resets it
    }

    // one per thread: MessageDigest.getInstance searches the providers on every call, on the path of every request with a key
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every Java", impossible);
        }
    });
}
