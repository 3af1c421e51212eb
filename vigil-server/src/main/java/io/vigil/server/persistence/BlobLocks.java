package io.vigil.server.persistence;

import org.jdbi.v3.core.Handle;

/**
 * The lock on a blob key, held until the transaction ends: every writer of a record that points at
 * a blob takes it (and checks the blob is there) before committing, and the orphan sweep takes it
 * before deleting a blob. It is a PostgreSQL advisory lock, so it holds across Vigil instances.
 */
public final class BlobLocks {
    private BlobLocks() {}

    /** Locks {@code key} in {@code h}'s transaction. */
    public static void lock(Handle h, String key) {
        AdvisoryLock.named(key).lock(h);
    }
}
