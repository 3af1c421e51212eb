package io.vigil.server.storage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Content-addressed storage of immutable blobs (datasets, model artifacts).
 *
 * <p>Callers only ever see keys ({@code sha256/<64 hex>}), never paths, so the same code runs
 * on the local filesystem today and on an object store later. Every method that takes a key
 * rejects a malformed one with {@link IllegalArgumentException}.
 */
public interface BlobStore {

    /** Starts a new upload; its key is derived from the SHA-256 of the bytes when committed. */
    BlobWriter newWriter() throws IOException;

    /**
     * Opens a committed blob for reading. The stream verifies the SHA-256 while it is read: at
     * end of stream a mismatch throws {@link BlobCorruptedException}.
     *
     * @throws NoSuchBlobException if no blob has this key
     */
    InputStream open(String key) throws IOException;

    /**
     * Opens {@code length} bytes of a committed blob from {@code offset} (fewer at its end; none past
     * it), for HTTP ranges and partial reads. A part cannot be checked against the key's hash, so
     * these bytes are <em>not</em> verified: read the whole blob with {@link #open(String)} where
     * integrity matters. Drivers override this with a ranged read of their own; this default reads
     * through the skipped bytes.
     *
     * @throws NoSuchBlobException      if no blob has this key
     * @throws IllegalArgumentException for a malformed key or a negative offset or length
     */
    default InputStream open(String key, long offset, long length) throws IOException {
        BlobRanges.check(offset, length);
        InputStream whole = open(key);
        try {
            long skipped = 0;
            while (skipped < offset) { // a blob shorter than offset gives an empty range
                long n = whole.skip(offset - skipped);
                if (n <= 0) {
                    break;
                }
                skipped += n;
            }
        } catch (IOException | RuntimeException e) {
            whole.close();
            throw e;
        }
        return BlobRanges.limit(whole, length);
    }

    /**
     * Direct transfers between clients and the store (presigned URLs), when the driver has them;
     * empty for stores that only Vigil reads and writes (the local disk).
     */
    default java.util.Optional<DirectTransfers> directTransfers() {
        return java.util.Optional.empty();
    }

    /**
     * Where a reader outside Vigil (a Spark job) can read a committed blob's bytes in place, if it can: empty for a
     * store whose bytes are not the blob as written (encrypted) or that such readers cannot reach. The bytes found
     * there are not verified against the key: the caller has the blob's size and hash to check what it read.
     */
    default Optional<ExternalLocation> externalLocation(String key) throws IOException {
        BlobKeys.requireValid(key);
        return Optional.empty();
    }

    /** Size and creation time of a committed blob, or empty if there is none. */
    Optional<BlobInfo> stat(String key) throws IOException;

    /** Deletes a blob; returns whether it existed. Deleting a missing blob is not an error. */
    boolean delete(String key) throws IOException;

    /**
     * Every committed blob, e.g. to sweep blobs that no database row references. The stream
     * holds resources: close it (try-with-resources).
     */
    Stream<BlobInfo> list() throws IOException;

    /** Writes, reads back and deletes a tiny probe; throws if the store cannot do all three. */
    default void checkHealth() throws IOException {
        byte[] probe = new byte[32];
        new java.security.SecureRandom().nextBytes(probe); // unique content, so the probe never shares a key with real data
        BlobInfo info;
        try (BlobWriter writer = newWriter()) {
            writer.stream().write(probe);
            info = writer.commit();
        }
        try (InputStream in = open(info.key())) {
            if (!java.util.Arrays.equals(in.readAllBytes(), probe)) {
                throw new IOException("blob store probe read back different bytes");
            }
        } finally {
            delete(info.key());
        }
    }

    /**
     * Deletes temporary files of uploads that never finished (a crash, a killed process) and that no
     * upload of this store has open. Another process may share the store, so only files last
     * written before {@code cutoff} go: an upload in progress anywhere keeps writing its file.
     *
     * @return how many were deleted
     */
    int sweepTemporary(Instant cutoff) throws IOException;
}
