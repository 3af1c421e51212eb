package io.vigil.server.monitoring.experiments;

import io.vigil.server.core.VigilException;
import io.vigil.server.persistence.AdvisoryLock;
import java.time.Duration;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The PostgreSQL advisory lock under which experiments are decided, by whichever instance: the
 * scheduled evaluation takes it if it is free (else another instance is at it and this one skips
 * the round); a decision asked through the API waits for it, so a person and the rules never end
 * one experiment twice, nor promote while the champion is being found replaced.
 */
final class DecisionLock {
    private static final AdvisoryLock LOCK = AdvisoryLock.named("vigil:experiment-decisions");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Jdbi jdbi;

    DecisionLock(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Runs {@code work} holding the lock if it is free now; false, without running it, if another holds it. */
    boolean tryRun(Runnable work) {
        return LOCK.tryRun(jdbi, () -> {
            work.run();
            return true;
        }).isPresent();
    }

    /** Runs {@code work} holding the lock, waiting up to 10 s for it (then a 503: try again). */
    <T> T run(Supplier<T> work) {
        return jdbi.inTransaction(h -> {
            try {
                LOCK.lock(h, WAIT);
            } catch (UnableToExecuteStatementException e) {
                throw VigilException.unavailable("experiments are being evaluated; try again in a moment");
            }
            return work.get();
        });
    }
}
