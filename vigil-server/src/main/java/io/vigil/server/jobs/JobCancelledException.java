package io.vigil.server.jobs;

/**
 * Thrown by a handler (usually through {@link JobContext#throwIfCancelled()}) to stop because the
 * job was cancelled, ran out of time or the worker is stopping. The worker turns it into the
 * right end state; it is not a failure of the handler.
 */
public class JobCancelledException extends RuntimeException {
    public JobCancelledException(String message) {
        super(message, null, false, false); // control flow: no stack trace needed
    }
}
