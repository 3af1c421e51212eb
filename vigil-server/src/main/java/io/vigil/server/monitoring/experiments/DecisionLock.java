package io.vigil.server.monitoring.experiments;

import io.vigil.server.core.VigilException;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The PostgreSQL advisory lock under which experiments are decided, by whichever instance: the
 * scheduled evaluation takes it if it is free (else another instance is at it and this one skips
 * the round); a decision asked through the API waits for it, so a person and the rules never end
 * one experiment twice, nor promote while the champion is being found replaced.
 */
final class DecisionLock {
    /** Any number; this one spells " vigilEx" (below 2^62: never a job's lock key). */
    static final long KEY = 0x2076_6967_696c_4578L;
    private static final String WAIT = "10s";

    private final Jdbi jdbi;

    DecisionLock(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Runs {@code work} holding the lock if it is free now; false, without running it, if another holds it. */
    boolean tryRun(Runnable work) {
        return jdbi.withHandle(h -> {
            if (!h.createQuery("select pg_try_advisory_lock(:key)").bind("key", KEY).mapTo(Boolean.class).one()) {
                return false;
            }
            try {
                work.run();
                return true;
            } finally {
                h.createQuery("select pg_advisory_unlock(:key)").bind("key", KEY).mapTo(Boolean.class).one();
            }
        });
    }

    /** Runs {@code work} holding the lock, waiting up to 10 s for it (then a 503: try again). */
    <T> T run(Supplier<T> work) {
        return jdbi.inTransaction(h -> {
            lock(h);
            return work.get();
        });
    }

    private static void lock(Handle h) {
        h.execute("set local lock_timeout = '" + WAIT + "'");
        try {
            h.execute("select pg_advisory_xact_lock(" + KEY + ")");
        } catch (UnableToExecuteStatementException e) {
            throw VigilException.unavailable("experiments are being evaluated; try again in a moment");
        }
    }
}
