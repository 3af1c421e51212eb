package io.vigil.server.storage.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Encrypts what is written into {@link ChunkedGcm}'s layout on {@code sink}, hashing and counting
 * the plaintext on the way. A full chunk is sealed only once the next byte arrives, because the
 * last chunk is sealed differently; {@link #finish()} seals it. Closing does not finish.
 */
final class SealingOutputStream extends OutputStream {
    private final OutputStream sink;
    private final ChunkedGcm gcm;
    private final byte[] plain = new byte[ChunkedGcm.CHUNK];
    private final byte[] sealed = new byte[ChunkedGcm.CHUNK + ChunkedGcm.TAG_BYTES];
    private final MessageDigest digest;
    private final byte[] header;
    private int filled;
    private long count;
    private boolean headerWritten;
    private boolean finished;
    private boolean aborted;

    SealingOutputStream(OutputStream sink, byte[] dataKey, SecureRandom random) {
        this.sink = sink;
        byte[] header = new byte[ChunkedGcm.HEADER_BYTES];
        this.gcm = ChunkedGcm.sealing(dataKey, random, header);
        this.header = header;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (finished || aborted) {
            throw new IOException(aborted ? "upload aborted" : "blob already finished");
        }
        digest.update(bytes, offset, length);
        count += length;
        int done = 0;
        while (done < length) {
            if (filled == plain.length) {
                seal(false); // more is coming, so this chunk is not the last
            }
            int n = Math.min(length - done, plain.length - filled);
            System.arraycopy(bytes, offset + done, plain, filled, n);
            filled += n;
            done += n;
        }
    }

    /** Seals the last chunk (empty if need be) and flushes: the sink then holds the whole blob. */
    void finish() throws IOException {
        if (aborted) {
            throw new IOException("upload was aborted; it cannot be committed");
        }
        if (!finished) {
            seal(true);
            finished = true;
            sink.flush();
        }
    }

    /** Refuses every later write: the upload was aborted. */
    void abandon() {
        aborted = true;
    }

    /** SHA-256 of the plaintext written; call after {@link #finish()}. */
    byte[] plaintextSha256() {
        return digest.digest();
    }

    long plaintextBytes() {
        return count;
    }

    private void seal(boolean last) throws IOException {
        if (!headerWritten) {
            sink.write(header);
            headerWritten = true;
        }
        try {
            int n = gcm.next(plain, filled, last, sealed);
            sink.write(sealed, 0, n);
            filled = 0;
        } catch (GeneralSecurityException e) {
            throw new IOException("encryption failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void flush() {
        // a partial chunk can't be flushed without ending the blob; the sink is flushed by finish()
    }

    @Override
    public void close() {
        // the writer decides when the blob ends
    }
}
