package io.vigil.server.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Hashes what passes through and, at end of stream, compares it with the expected SHA-256.
 * A reader that stops early gets no verdict, which is fine: it did not consume the whole blob.
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final String key;
    private final String expectedHex;
    private final MessageDigest digest = Sha256.newDigest();
    private boolean verified;

    public VerifyingInputStream(InputStream in, String key, String expectedHex) {
        super(in);
        this.key = key;
        this.expectedHex = expectedHex;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            verifyAtEnd();
        } else {
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            verifyAtEnd();
        } else {
            digest.update(buffer, offset, n);
        }
        return n;
    }

    /** Skipping must still hash the skipped bytes, so it reads them. */
    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readLimit) {
        // not supported: a rewind would corrupt the running hash
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void verifyAtEnd() throws IOException {
        if (verified) {
            return;
        }
        verified = true;
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expectedHex)) {
            throw new BlobCorruptedException(key, actual);
        }
    }
}
