package io.vigil.server.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * What the store knows about a committed blob.
 *
 * @param key       {@code sha256/<64 lowercase hex>}
 * @param sha256    the 64 lowercase hex digits of the content's SHA-256
 * @param size      size in bytes
 * @param createdAt when the blob was last committed: committing content that already exists
 *                  refreshes it, so a sweep of unreferenced blobs older than some age never
 *                  removes one that an upload in progress has just committed
 */
public record BlobInfo(String key, String sha256, long size, Instant createdAt) {
    public BlobInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(createdAt, "createdAt");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
    }
}
