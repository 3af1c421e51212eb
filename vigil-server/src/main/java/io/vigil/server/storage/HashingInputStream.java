package io.vigil.server.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Hashes (SHA-256) and counts what passes through, and at end of stream hands the hash and the
 * count to {@link #atEnd} once, for a subclass to judge. Skipping reads, so no byte escapes the
 * hash; mark and reset are not supported, since a rewind would corrupt it. A reader that stops
 * early gets no verdict: it did not consume the whole stream.
 */
public abstract class HashingInputStream extends FilterInputStream {
    private final MessageDigest digest = Sha256.newDigest();
    private long count;
    private boolean ended;

    protected HashingInputStream(InputStream in) {
        super(in);
    }

    /** Judges the whole stream: its SHA-256 (64 lowercase hex digits) and its size. */
    protected abstract void atEnd(String sha256, long size) throws IOException;

    /** After each read, with the bytes read so far (a limit may refuse more as soon as it is passed). */
    protected void afterRead(long size) throws IOException {
        // nothing by default
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            if (!ended) {
                ended = true;
                atEnd(HexFormat.of().formatHex(digest.digest()), count);
            }
            return n;
        }
        digest.update(buffer, offset, n);
        count += n;
        afterRead(count);
        return n;
    }

    @Override
    public final long skip(long n) throws IOException {
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
    public final boolean markSupported() {
        return false;
    }

    @Override
    public final synchronized void mark(int readLimit) {
        // not supported
    }

    @Override
    public final synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
