package io.vigil.server.jobs;

import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The PostgreSQL session advisory lock that says "a live worker runs this job". The worker holds
 * it on its own connection for the whole run; if its process dies, PostgreSQL drops the lock with
 * the connection, and a sweeper that can take the lock knows the owner is gone.
 */
final class JobLocks {
    private JobLocks() {}

    /**
     * 62 bits of the job id, with bit 62 set: the key of its lock. Always at least 2^62, so it can
     * never meet the 32-bit keys ({@code hashtext}) other parts of Vigil lock.
     */
    static long key(UUID jobId) {
        long bits = jobId.getMostSignificantBits() ^ jobId.getLeastSignificantBits();
        return (bits & ~(3L << 62)) | (1L << 62);
    }

    static boolean tryLock(Handle h, UUID jobId) {
        return h.createQuery("select pg_try_advisory_lock(:key)").bind("key", key(jobId)).mapTo(Boolean.class).one();
    }

    /** Releases the lock this session holds; false if it held none. */
    static boolean unlock(Handle h, UUID jobId) {
        return h.createQuery("select pg_advisory_unlock(:key)").bind("key", key(jobId)).mapTo(Boolean.class).one();
    }
}
