package io.vigil.server.persistence;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A PostgreSQL advisory lock by name, so it holds across the Vigil instances that share a
 * database: how one instance at a time runs a round (retraining, experiment decisions) or changes
 * shared structure (prediction partitions), and how writers and the sweeper of a blob take turns.
 * Its key is PostgreSQL's 32-bit {@code hashtext} of the name, which never meets a job's lock key
 * (those are at least 2^62, {@code jobs.JobLocks}).
 */
public final class AdvisoryLock {
    private final String name;

    private AdvisoryLock(String name) {
        this.name = name;
    }

    /** The lock called {@code name}; Vigil's own begin with {@code vigil:}. */
    public static AdvisoryLock named(String name) {
        return new AdvisoryLock(name);
    }

    /**
     * Runs {@code work} holding the lock, on one connection, if the lock is free now; empty,
     * without running it, if another session holds it (another instance is at it).
     */
    public <T> Optional<T> tryRun(Jdbi jdbi, Supplier<T> work) {
        return jdbi.withHandle(h -> {
            if (!h.createQuery("select pg_try_advisory_lock(hashtext(:name))").bind("name", name).mapTo(Boolean.class).one()) {
                return Optional.empty();
            }
            try {
                return Optional.of(work.get());
            } finally {
                h.createQuery("select pg_advisory_unlock(hashtext(:name))").bind("name", name).mapTo(Boolean.class).one();
            }
        });
    }

    /** Takes the lock until {@code h}'s transaction ends, waiting as long as it takes. */
    public void lock(Handle h) {
        h.createQuery("select pg_advisory_xact_lock(hashtext(:name))::text").bind("name", name).mapTo(String.class).one();
    }

    /**
     * Takes the lock until {@code h}'s transaction ends, waiting at most {@code wait}; PostgreSQL's
     * lock timeout (a statement exception, the transaction aborted) when it is not free by then.
     */
    public void lock(Handle h, Duration wait) {
        h.execute("set local lock_timeout = '" + wait.toMillis() + "ms'");
        lock(h);
    }
}
