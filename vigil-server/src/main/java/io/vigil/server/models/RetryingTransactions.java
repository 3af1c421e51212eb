package io.vigil.server.models;

import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactions that PostgreSQL may abort to break a deadlock (40P01) or a serialization conflict
 * (40001), run again from the start up to {@link #MAX_ATTEMPTS} times: the lifecycle moves lock
 * in a fixed order, and this catches what slips past it.
 */
final class RetryingTransactions {
    private static final Logger log = LoggerFactory.getLogger(RetryingTransactions.class);
    static final int MAX_ATTEMPTS = 5;
    private static final Set<String> RETRYABLE_STATES = Set.of("40P01", "40001");

    private RetryingTransactions() {}

    /** Runs {@code work} in a transaction, again after a retryable abort; it must have no effect outside it until it commits. */
    static <T> T run(Jdbi jdbi, Function<Handle, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(work::apply);
            } catch (RuntimeException e) {
                String reason = retryReason(e);
                if (attempt >= MAX_ATTEMPTS || reason == null) {
                    throw e;
                }
                log.atInfo().addKeyValue("attempt", attempt).addKeyValue("reason", reason)
                        .log("model registry transaction rolled back by the database; running it again");
                pause(attempt);
            }
        }
    }

    private static String retryReason(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException sql && sql.getSQLState() != null && RETRYABLE_STATES.contains(sql.getSQLState())) {
                return sql.getSQLState().equals("40P01") ? "deadlock" : "serialization conflict";
            }
            if (c instanceof SlotChangedException) {
                return "model changed its detection slot";
            }
        }
        return null;
    }

    /** A short random pause that grows with each attempt, so the two sides of a deadlock do not meet again. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a model registry transaction", e);
        }
    }

    /** Thrown inside {@link #run} when a model's slot changed between reading it and locking the slot: run again. */
    static final class SlotChangedException extends RuntimeException {
        SlotChangedException(UUID modelId) {
            super("model " + modelId + " changed its detection slot while it was being locked", null, false, false);
        }
    }
}
