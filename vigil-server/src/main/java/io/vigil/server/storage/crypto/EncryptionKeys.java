package io.vigil.server.storage.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The configured master keys that wrap each blob's data key: the current one, which wraps every
 * new data key, and earlier ones kept only to unwrap (and re-wrap) what they wrapped. Each is a
 * 256-bit AES key known by an id; the wrapped form is {@code nonce || AES-GCM(data key)} with the
 * id as associated data, so a wrapped key can't be passed off under another id.
 */
public final class EncryptionKeys {
    static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String currentId;
    private final Map<String, SecretKey> keys;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param currentId the id of the key that wraps new data keys
     * @param keys      every key by id, the current one included; each exactly 32 bytes
     */
    public EncryptionKeys(String currentId, Map<String, byte[]> keys) {
        this.currentId = Objects.requireNonNull(currentId, "currentId");
        if (!keys.containsKey(currentId)) {
            throw new IllegalArgumentException("no key with the current id '" + currentId + "'");
        }
        Map<String, SecretKey> copy = new LinkedHashMap<>();
        keys.forEach((id, bytes) -> {
            if (bytes.length != KEY_BYTES) {
                throw new IllegalArgumentException("key '" + id + "' has " + bytes.length + " bytes; a key is 32 bytes (256 bits)");
            }
            copy.put(id, new SecretKeySpec(bytes.clone(), "AES"));
        });
        this.keys = Map.copyOf(copy);
    }

    public String currentId() {
        return currentId;
    }

    public Set<String> ids() {
        return keys.keySet();
    }

    public boolean knows(String id) {
        return keys.containsKey(id);
    }

    /** A fresh random data key. */
    byte[] newDataKey() {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    /** Wraps {@code dataKey} with the current key. */
    byte[] wrap(byte[] dataKey) {
        return wrapWith(currentId, dataKey);
    }

    private byte[] wrapWith(String id, byte[] dataKey) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(id), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(id));
            byte[] sealed = cipher.doFinal(dataKey);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    /**
     * Unwraps a data key that the key {@code id} wrapped.
     *
     * @throws UnknownKeyException if no configured key has that id
     * @throws GeneralSecurityException if the wrapped bytes were not made by that key (tampered, or another key under the id)
     */
    byte[] unwrap(String id, byte[] wrapped) throws GeneralSecurityException {
        SecretKey key = keys.get(id);
        if (key == null) {
            throw new UnknownKeyException(id);
        }
        if (wrapped.length <= NONCE_BYTES) {
            throw new javax.crypto.AEADBadTagException("wrapped key too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE_BYTES));
        cipher.updateAAD(aad(id));
        return cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
    }

    /** The same data key wrapped by the current key instead of {@code id}'s. */
    byte[] rewrap(String id, byte[] wrapped) throws GeneralSecurityException {
        byte[] dataKey = unwrap(id, wrapped);
        try {
            return wrap(dataKey);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private static byte[] aad(String id) {
        return ("vigil-data-key:" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A blob's data key was wrapped by a key that is not configured (any more). */
    public static final class UnknownKeyException extends GeneralSecurityException {
        UnknownKeyException(String id) {
            super("the data key was wrapped by key '" + id + "', which is not configured");
        }
    }

    @Override
    public String toString() {
        return "EncryptionKeys[current=" + currentId + ", ids=" + keys.keySet() + "]"; // never the keys
    }
}
