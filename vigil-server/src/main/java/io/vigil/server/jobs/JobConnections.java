package io.vigil.server.jobs;

import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Letting go of a run's own connection when something already went wrong: a failure here is
 * logged, never thrown over the one that matters.
 */
final class JobConnections {
    private static final Logger log = LoggerFactory.getLogger(JobConnections.class);

    private JobConnections() {}

    static void rollbackQuietly(Handle h) {
        try {
            h.rollback();
        } catch (RuntimeException e) {
            log.atDebug().setCause(e).log("rollback failed");
        }
    }

    static void unlockQuietly(Handle h, UUID jobId) {
        try {
            JobLocks.unlock(h, jobId);
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("jobId", jobId).setCause(e).log("job lock not released; it goes with the connection");
        }
    }

    static void closeQuietly(Handle h) {
        try {
            h.close();
        } catch (RuntimeException e) {
            log.atDebug().setCause(e).log("closing a job connection failed");
        }
    }
}
