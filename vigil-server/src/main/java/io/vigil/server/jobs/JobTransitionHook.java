package io.vigil.server.jobs;

import org.jdbi.v3.core.Handle;

/**
 * Runs inside the very transaction that changes a job's state (submit, start, success, failure,
 * cancel, interruption and re-queue; also a priority change and a cancel requested on a running job), so state kept elsewhere — a model's
 * {@code training} status — moves atomically with the job, even across a crash. Throwing rolls
 * the change back: keep it to a few statements on {@code tx}, and do not call {@link JobQueue}.
 * Register with {@link JobQueue#addTransitionHook}.
 */
@FunctionalInterface
public interface JobTransitionHook {
    /**
     * @param tx     the open transaction
     * @param before the job before the change; null on submit
     * @param after  the job as it will be stored if the transaction commits
     */
    void inTransaction(Handle tx, Job before, Job after);
}
