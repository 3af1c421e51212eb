package io.vigil.server.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One upload in progress. Write the bytes to {@link #stream()}, then {@link #commit()};
 * {@link #close()} without a commit aborts and leaves nothing behind. Use it in
 * try-with-resources so a failed upload never leaks a temporary file. Not thread-safe.
 */
public interface BlobWriter extends Closeable {

    /** Where the bytes go; it hashes and counts them as they pass. Closing it does not commit. */
    OutputStream stream();

    /** Bytes written to {@link #stream()} so far. */
    long bytesWritten();

    /**
     * Makes the blob durable and visible under its content-derived key, atomically. Committing
     * content that already exists is a no-op that returns the existing blob; calling commit
     * twice returns the same result.
     */
    BlobInfo commit() throws IOException;

    /** Aborts an uncommitted upload (its temporary data is deleted); after commit, does nothing. */
    @Override
    void close();
}
