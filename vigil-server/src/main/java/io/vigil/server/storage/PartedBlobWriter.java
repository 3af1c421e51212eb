package io.vigil.server.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * An upload to an object store in constant memory, for the drivers to fill in: the bytes are hashed
 * and counted, then fill one part buffer at a time, and a full buffer is sent as a part of a
 * temporary object. A blob smaller than one part never reaches the temporary area: at commit its
 * hash, hence its key, is known and it is put whole. A larger one is published from its parts.
 * Closing without a commit aborts what was sent.
 */
public abstract class PartedBlobWriter implements BlobWriter {
    private final byte[] part;
    private final MessageDigest digest = Sha256.newDigest();
    private final PartStream stream = new PartStream();
    private int filled;
    private long count;
    private int partsSent;
    private BlobInfo committed;
    private boolean closed;

    protected PartedBlobWriter(int partSize) {
        this.part = new byte[partSize];
    }

    /** Sends {@code length} bytes of {@code bytes} as the next part of the temporary object. */
    protected abstract void sendPart(byte[] bytes, int length, int number) throws IOException;

    /** Stores a blob that fit in one part under its key, at once. */
    protected abstract BlobInfo putWhole(String key, byte[] bytes, int length) throws IOException;

    /** Makes the blob whose parts were all sent visible under its key (a copy inside the store), and clears the temporary object. */
    protected abstract BlobInfo publishParts(String key, long size) throws IOException;

    /** Removes what an aborted upload sent, if anything; a failure is left to the store's sweep of temporary data. */
    protected abstract void abortSent();

    /** The upload is over, committed or not: the store may stop sparing its temporary object. */
    protected abstract void released();

    /** Parts sent so far. */
    protected final int partsSent() {
        return partsSent;
    }

    @Override
    public final OutputStream stream() {
        return stream;
    }

    @Override
    public final long bytesWritten() {
        return count;
    }

    @Override
    public final BlobInfo commit() throws IOException {
        if (committed != null) {
            return committed;
        }
        if (closed) {
            throw new IOException("upload was aborted; it cannot be committed");
        }
        String key = BlobKeys.fromDigest(digest.digest());
        try {
            if (partsSent == 0) {
                committed = putWhole(key, part, filled);
            } else {
                if (filled > 0) {
                    flushPart();
                }
                committed = publishParts(key, count);
            }
            closed = true;
            return committed;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } finally {
            released();
        }
    }

    @Override
    public final void close() {
        if (committed != null || closed) {
            released();
            return;
        }
        closed = true;
        try {
            abortSent();
        } finally {
            released();
        }
    }

    private void flushPart() throws IOException {
        sendPart(part, filled, partsSent + 1);
        partsSent++;
        filled = 0;
    }

    /** Hashes and counts, then fills the part buffer; a full buffer goes out. Closing it does not commit. */
    private final class PartStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException(committed != null ? "blob already committed" : "upload aborted");
            }
            digest.update(bytes, offset, length);
            count += length;
            while (length > 0) {
                int n = Math.min(length, part.length - filled);
                System.arraycopy(bytes, offset, part, filled, n);
                filled += n;
                offset += n;
                length -= n;
                if (filled == part.length) {
                    flushPart();
                }
            }
        }

        @Override
        public void close() {
            // callers often close what they wrapped; the writer decides when the upload ends
        }
    }
}
