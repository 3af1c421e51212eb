package io.vigil.server.jobs;

import java.util.UUID;

/**
 * Hears what happens to jobs: every state change (submit, start, success, failure, cancel,
 * interruption and re-queue) and two changes that keep the state (a priority change; a cancel
 * requested on a running job, {@code after.cancelRequested()}), and every progress report. Called synchronously,
 * after the change is committed, on the thread that made it: keep it quick and do not block.
 * An exception thrown here is logged and ignored.
 */
public interface JobListener {
    /**
     * @param before the job as last read before the change; null when it was just submitted
     * @param after  the job as stored now
     */
    default void onStateChange(Job before, Job after) {
    }

    /** The job (running) reported progress; {@code job.progress()} is the new value. */
    default void onProgress(Job job) {
    }

    /** A line was added to the job's log. */
    default void onLog(UUID jobId, JobLogLine line) {
    }

    /**
     * The job's worker died mid-run (its process was killed or lost the database) and a sweeper
     * noticed: {@code after} is the job queued again, or failed ("interrupted N times"), or
     * cancelled if a cancel was pending. Called right after the matching {@link #onStateChange}.
     */
    default void onInterrupted(Job before, Job after) {
    }
}
