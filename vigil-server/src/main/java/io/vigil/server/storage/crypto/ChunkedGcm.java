package io.vigil.server.storage.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The layout of an encrypted blob, so it can be written and read as a stream in constant memory:
 * a header ({@code VGE1} and an 8-byte random nonce prefix), then the content in chunks of
 * {@value #CHUNK} bytes, each sealed by AES-256-GCM under the blob's data key with the nonce
 * {@code prefix || chunk index} and, as associated data, whether it is the last chunk. A chunk
 * moved, dropped, repeated or cut off, or a blob truncated at a chunk boundary, fails its tag.
 * The last chunk is never empty but for empty content.
 */
final class ChunkedGcm {
    static final byte[] MAGIC = {'V', 'G', 'E', '1'};
    static final int PREFIX_BYTES = 8;
    static final int HEADER_BYTES = MAGIC.length + PREFIX_BYTES;
    static final int CHUNK = 64 * 1024;
    static final int TAG_BYTES = 16;
    private static final byte[] LAST = {1};
    private static final byte[] NOT_LAST = {0};

    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] nonce = new byte[12];
    private final int mode;
    private int index;

    private ChunkedGcm(int mode, byte[] dataKey, byte[] prefix) {
        this.mode = mode;
        this.key = new SecretKeySpec(dataKey, "AES");
        System.arraycopy(prefix, 0, nonce, 0, PREFIX_BYTES);
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    static ChunkedGcm sealing(byte[] dataKey, SecureRandom random, byte[] headerOut) {
        byte[] prefix = new byte[PREFIX_BYTES];
        random.nextBytes(prefix);
        System.arraycopy(MAGIC, 0, headerOut, 0, MAGIC.length);
        System.arraycopy(prefix, 0, headerOut, MAGIC.length, PREFIX_BYTES);
        return new ChunkedGcm(Cipher.ENCRYPT_MODE, dataKey, prefix);
    }

    /** @throws GeneralSecurityException if the header is not one this class wrote */
    static ChunkedGcm opening(byte[] dataKey, byte[] header) throws GeneralSecurityException {
        for (int i = 0; i < MAGIC.length; i++) {
            if (header[i] != MAGIC[i]) {
                throw new GeneralSecurityException("not an encrypted blob (bad header)");
            }
        }
        byte[] prefix = java.util.Arrays.copyOfRange(header, MAGIC.length, HEADER_BYTES);
        return new ChunkedGcm(Cipher.DECRYPT_MODE, dataKey, prefix);
    }

    /** Seals or opens the next chunk into {@code out}, returning the bytes written there. */
    int next(byte[] in, int length, boolean last, byte[] out) throws GeneralSecurityException {
        nonce[8] = (byte) (index >>> 24);
        nonce[9] = (byte) (index >>> 16);
        nonce[10] = (byte) (index >>> 8);
        nonce[11] = (byte) index;
        if (index == Integer.MAX_VALUE) {
            throw new GeneralSecurityException("blob too large for one data key");
        }
        index++;
        cipher.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
        cipher.updateAAD(last ? LAST : NOT_LAST);
        return cipher.doFinal(in, 0, length, out, 0);
    }
}
