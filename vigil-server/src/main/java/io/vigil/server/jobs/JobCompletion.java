package io.vigil.server.jobs;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records how a run ended, on the run's own connection: the job's end state, the result's commit
 * work, the transition hooks and the outcome's log line in one transaction; then the run's lock
 * and connection are let go. A result whose commit work fails is not kept: the job fails instead.
 */
final class JobCompletion {
    private static final Logger log = LoggerFactory.getLogger(JobCompletion.class);

    private final JobQueue queue;
    private final JobRepository repository;

    JobCompletion(JobQueue queue) {
        this.queue = queue;
        this.repository = queue.repository();
    }

    /** A recorded outcome: the job after it, and its last log line. */
    private record Recorded(Job job, JobLogLine line) {}

    /**
     * @param before the job as it ran, with its last progress
     * @param millis how long the run took
     */
    void finish(RunningJob run, Job before, JobOutcome outcome, long millis) {
        Handle h = run.lockHandle();
        try {
            JobOutcome recorded = outcome;
            Optional<Recorded> after;
            try {
                after = h.inTransaction(tx -> record(tx, before, outcome, millis));
            } catch (RuntimeException e) {
                if (outcome.kind() != JobOutcome.Kind.SUCCEEDED) {
                    throw e;
                }
                // the result's commit work (or a hook) failed: nothing of it is kept, the job fails instead
                recorded = JobOutcome.failed(new IllegalStateException(
                        "the result could not be stored: " + JobOutcome.message(e), e));
                JobOutcome failed = recorded;
                after = h.inTransaction(tx -> record(tx, before, failed, millis));
            }
            if (after.isPresent()) {
                queue.listeners().logged(before.id(), after.get().line());
                logOutcome(after.get().job(), recorded, millis);
                queue.listeners().stateChanged(before, after.get().job());
            } else {
                log.atWarn().addKeyValue("jobId", before.id()).addKeyValue("outcome", outcome.kind())
                        .log("job run ended but another instance had taken the job over; its outcome is dropped");
            }
        } catch (RuntimeException e) {
            // the lock goes with the connection if that is what broke; else our sweeper finds the job unlocked
            log.atError().addKeyValue("jobId", before.id()).addKeyValue("outcome", outcome.kind()).setCause(e)
                    .log("job outcome could not be stored");
        } finally {
            JobConnections.unlockQuietly(h, before.id());
            JobConnections.closeQuietly(h);
        }
    }

    /**
     * In one transaction: the job's end state, the result's commit work, the transition hooks and
     * the outcome's log line, so whoever sees the end state also sees the line.
     */
    private Optional<Recorded> record(Handle tx, Job before, JobOutcome outcome, long millis) {
        JobProgress progress = before.progress();
        Optional<Job> after = switch (outcome.kind()) {
            case SUCCEEDED -> repository.finish(tx, before.id(), before.attempts(), JobState.SUCCEEDED, outcome.result(),
                    null, progress.completed());
            case FAILED -> repository.finish(tx, before.id(), before.attempts(), JobState.FAILED, null, outcome.error(),
                    progress);
            case CANCELLED -> repository.finish(tx, before.id(), before.attempts(), JobState.CANCELLED, null, null, progress);
            // a clean stop is not the job's fault: the attempt does not count
            case REQUEUE -> repository.requeue(tx, before.id(), before.attempts(), true);
            case ABANDON -> Optional.empty();
        };
        if (after.isPresent()) {
            if (outcome.onCommit() != null) {
                outcome.onCommit().accept(tx, after.get());
            }
            queue.transitioned(tx, before, after.get());
            JobLogLevel level = outcome.kind() == JobOutcome.Kind.FAILED ? JobLogLevel.ERROR : JobLogLevel.INFO;
            return Optional.of(new Recorded(after.get(), repository.insertLog(tx, before.id(), level, outcomeLine(outcome, millis))));
        }
        return Optional.empty();
    }

    private static String outcomeLine(JobOutcome outcome, long millis) {
        return switch (outcome.kind()) {
            case SUCCEEDED -> "succeeded in " + millis + " ms";
            case FAILED -> "failed: " + outcome.error();
            case CANCELLED -> "cancelled after " + millis + " ms";
            case REQUEUE -> "stopped because its worker is shutting down; queued again";
            case ABANDON -> "abandoned";
        };
    }

    /** The server log's line for the outcome (the job's own log line was written with it). */
    private void logOutcome(Job after, JobOutcome outcome, long millis) {
        var event = outcome.kind() == JobOutcome.Kind.FAILED ? log.atWarn() : log.atInfo();
        event = event.addKeyValue("jobId", after.id()).addKeyValue("kind", after.kind())
                .addKeyValue("state", after.state().wire()).addKeyValue("millis", millis);
        if (outcome.error() != null) {
            event = event.addKeyValue("error", outcome.error());
        }
        if (outcome.cause() != null) {
            event = event.setCause(outcome.cause()); // the stack trace goes to the server log, not to the job
        }
        event.log(outcome.kind() == JobOutcome.Kind.REQUEUE ? "job re-queued: worker stopping"
                : "job " + after.state().wire());
    }
}
