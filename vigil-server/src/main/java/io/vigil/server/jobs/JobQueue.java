package io.vigil.server.jobs;

import io.vigil.server.core.Page;
import io.vigil.server.core.VigilException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job queue in PostgreSQL: submit, read, list, cancel and re-prioritise jobs, read and write
 * their logs. Safe to share between threads; several instances (processes) may share one table.
 * Running the jobs is {@link JobWorkers}' work.
 */
public final class JobQueue {
    private static final Logger log = LoggerFactory.getLogger(JobQueue.class);
    public static final int MAX_LOG_LINES = 10_000;

    /** What this instance's workers need to hear at once, without waiting for their polls. */
    interface Signals {
        void jobQueued();

        void cancelRequested(UUID jobId);
    }

    private final JobRepository repository;
    private final JobListeners listeners = new JobListeners();
    private final List<Signals> signals = new CopyOnWriteArrayList<>();
    private final List<JobTransitionHook> hooks = new CopyOnWriteArrayList<>();
    private final Clock clock;

    /** @param clock when a job is created: the server's one clock, so a test can set it */
    public JobQueue(Jdbi jdbi, Clock clock) {
        this.repository = new JobRepository(jdbi);
        this.clock = clock;
    }

    public void addListener(JobListener listener) {
        listeners.add(listener);
    }

    public void removeListener(JobListener listener) {
        listeners.remove(listener);
    }

    /** Adds work to run inside every transaction that changes a job (see {@link JobTransitionHook}). */
    public void addTransitionHook(JobTransitionHook hook) {
        hooks.add(hook);
    }

    /** Queues a job; workers of any instance may claim it at once. */
    public Job submit(NewJob newJob) {
        return submit(newJob, (tx, job) -> { });
    }

    /**
     * Queues a job, running {@code alsoInTransaction} in the same transaction (e.g. to move a model
     * to {@code training} and record the job on it): both happen or neither. Listeners hear of the
     * job after the commit.
     */
    public Job submit(NewJob newJob, BiConsumer<Handle, Job> alsoInTransaction) {
        Job job = repository.jdbi().inTransaction(tx -> {
            Job inserted = repository.insert(tx, newJob, clock.instant());
            transitioned(tx, null, inserted);
            alsoInTransaction.accept(tx, inserted);
            return inserted;
        });
        log.atInfo().addKeyValue("jobId", job.id()).addKeyValue("kind", job.kind())
                .addKeyValue("modelId", job.modelId()).addKeyValue("priority", job.priority()).log("job queued");
        listeners.stateChanged(null, job);
        signals.forEach(Signals::jobQueued);
        return job;
    }

    public Optional<Job> find(UUID id) {
        return repository.find(id);
    }

    /** @throws VigilException 404 if there is no such job */
    public Job get(UUID id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /** Jobs matching the filter, newest first; {@code page} counts from 1. */
    public Page<Job> list(JobFilter filter, int page, int size) {
        if (page < 1 || size < 1) {
            throw new IllegalArgumentException("page and size must be positive: page=" + page + " size=" + size);
        }
        return repository.list(filter == null ? JobFilter.ALL : filter, page, size);
    }

    /** How many jobs are queued and running now, by state and kind, on every instance (for the metrics). */
    public List<JobCount> countActive() {
        return repository.countActive();
    }

    /** {@code count} jobs of {@code kind} are in {@code state}. */
    public record JobCount(JobState state, String kind, long count) {}

    /** The queued and running jobs of a model, oldest first (normally none or one). */
    public List<Job> active(UUID modelId) {
        return repository.active(modelId);
    }

    /**
     * The queued and running jobs whose payload names {@code id} in one of {@code payloadFields}
     * (e.g. the datasets they will read), oldest first, read in {@code h}'s transaction.
     */
    public List<Job> activeNaming(Handle h, Collection<String> payloadFields, UUID id) {
        return repository.activeNaming(h, payloadFields, id.toString());
    }

    /**
     * Cancels a job: a queued one at once; a running one is flagged and its worker stops it (within
     * about a second if its handler checks the signal), ending {@code cancelled}. Cancelling a
     * running job twice is harmless.
     *
     * @return the job after the request (still {@code running}, with {@code cancelRequested}, if it ran)
     * @throws VigilException 404 if there is no such job, 409 if it has already finished
     */
    public Job cancel(UUID id) {
        Job[] beforeAfter = repository.jdbi().inTransaction(h -> {
            Job before = repository.findForUpdate(h, id).orElseThrow(() -> notFound(id));
            Job after = switch (before.state()) {
                case QUEUED -> repository.markCancelledWhileQueued(h, id);
                case RUNNING -> repository.requestCancel(h, id);
                case SUCCEEDED, FAILED, CANCELLED -> throw VigilException.conflict(
                        "job " + id + " has already " + before.state().wire() + "; only queued or running jobs can be cancelled");
            };
            if (after.state() != before.state() || !before.cancelRequested()) {
                transitioned(h, before, after);
            }
            return new Job[] {before, after};
        });
        Job before = beforeAfter[0];
        Job after = beforeAfter[1];
        if (before.state() == JobState.QUEUED) {
            log(id, JobLogLevel.INFO, "cancelled while queued");
            log.atInfo().addKeyValue("jobId", id).log("job cancelled while queued");
            listeners.stateChanged(before, after);
        } else if (!before.cancelRequested()) {
            log(id, JobLogLevel.INFO, "cancellation requested");
            log.atInfo().addKeyValue("jobId", id).addKeyValue("worker", after.worker()).log("job cancellation requested");
            signals.forEach(s -> s.cancelRequested(id));
            listeners.stateChanged(before, after); // still running, now with cancelRequested
        }
        return after;
    }

    /**
     * Changes the priority of a queued job.
     *
     * @throws VigilException 404 if there is no such job, 409 if it is no longer queued
     */
    public Job changePriority(UUID id, int priority) {
        Job[] beforeAfter = repository.jdbi().inTransaction(h -> {
            Job before = repository.findForUpdate(h, id).orElseThrow(() -> notFound(id));
            if (before.state() != JobState.QUEUED) {
                throw VigilException.conflict("job " + id + " is " + before.state().wire()
                        + "; its priority can only change while it is queued");
            }
            Job after = repository.setPriority(h, id, priority);
            transitioned(h, before, after);
            return new Job[] {before, after};
        });
        log.atInfo().addKeyValue("jobId", id).addKeyValue("from", beforeAfter[0].priority())
                .addKeyValue("to", priority).log("job priority changed");
        listeners.stateChanged(beforeAfter[0], beforeAfter[1]);
        return beforeAfter[1];
    }

    /**
     * The job's log lines after {@code sinceSeq} (0 for all), oldest first, at most {@code limit}
     * (capped at {@value #MAX_LOG_LINES}).
     *
     * @throws VigilException 404 if there is no such job
     */
    public List<JobLogLine> logs(UUID id, long sinceSeq, int limit) {
        List<JobLogLine> lines = repository.logs(id, Math.max(0, sinceSeq), Math.max(1, Math.min(limit, MAX_LOG_LINES)));
        if (lines.isEmpty() && find(id).isEmpty()) {
            throw notFound(id);
        }
        return lines;
    }

    /** Adds a line to the job's log (and tells the listeners). */
    public void log(UUID id, JobLogLevel level, String message) {
        JobLogLine line = repository.insertLog(id, level, message);
        listeners.logged(id, line);
    }

    /** Runs the transition hooks inside the transaction making the change. */
    void transitioned(Handle tx, Job before, Job after) {
        for (JobTransitionHook hook : hooks) {
            hook.inTransaction(tx, before, after);
        }
    }

    JobRepository repository() {
        return repository;
    }

    JobListeners listeners() {
        return listeners;
    }

    void addSignals(Signals s) {
        signals.add(s);
    }

    void removeSignals(Signals s) {
        signals.remove(s);
    }

    private static VigilException notFound(UUID id) {
        return VigilException.notFound("no job with id " + id);
    }
}
