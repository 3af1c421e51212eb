package io.vigil.server.jobs;

/**
 * Runs the jobs of one kind. Register it on {@link JobWorkers} under that kind.
 *
 * <p>{@link #run} is called on a worker thread. It should check {@link JobContext#isCancelled()}
 * (or call {@link JobContext#throwIfCancelled()}) often — at least every few hundred
 * milliseconds — so cancellation and time limits take effect quickly. Returning normally means
 * success, even if a cancel arrived meanwhile; throwing {@link JobCancelledException} (or anything
 * once the signal is raised) ends the job per the signal's reason; any other exception fails the
 * job with its message.
 */
@FunctionalInterface
public interface JobHandler {
    JobResult run(JobContext ctx) throws Exception;

    /**
     * A job of this kind was interrupted because the instance running it died: {@code after} is
     * queued again, or failed/cancelled for good. Called on the sweeper's thread; the default does
     * nothing. Listeners hear the same through {@link JobListener#onInterrupted}.
     */
    default void onInterrupted(Job before, Job after) {
    }
}
