package io.vigil.server.jobs;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds running jobs whose worker died (nobody holds their advisory lock any more) and ends that
 * run: back to the queue while attempts remain, else failed; cancelled if a cancel was pending.
 */
final class JobSweeper {
    private static final Logger log = LoggerFactory.getLogger(JobSweeper.class);

    private record Interruption(Job before, Job after, JobLogLine line) {
    }

    private final JobQueue queue;
    private final Function<String, JobHandler> handlers;

    JobSweeper(JobQueue queue, Function<String, JobHandler> handlers) {
        this.queue = queue;
        this.handlers = handlers;
    }

    /**
     * Sweeps once.
     *
     * @param ownJobs jobs this instance is running (alive by definition: not even tried)
     * @return how many interrupted jobs were found
     */
    int sweep(Set<UUID> ownJobs) {
        int found = 0;
        for (Job seen : queue.repository().running()) {
            if (!ownJobs.contains(seen.id()) && recoverIfOrphaned(seen)) {
                found++;
            }
        }
        return found;
    }

    private boolean recoverIfOrphaned(Job seen) {
        Optional<Interruption> change = queue.repository().jdbi().withHandle(h -> {
            if (!JobLocks.tryLock(h, seen.id())) {
                return Optional.empty(); // its worker is alive
            }
            try {
                return h.inTransaction(tx -> interrupt(tx, seen));
            } finally {
                JobLocks.unlock(h, seen.id());
            }
        });
        change.ifPresent(this::announce);
        return change.isPresent();
    }

    /** Ends the dead run, if the job is still in it (it may have finished or moved on meanwhile). */
    private Optional<Interruption> interrupt(Handle tx, Job seen) {
        JobRepository repository = queue.repository();
        Optional<Job> current = repository.findForUpdate(tx, seen.id())
                .filter(j -> j.state() == JobState.RUNNING && j.attempts() == seen.attempts());
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Job before = current.get();
        String who = "worker " + before.worker() + " stopped without finishing attempt " + before.attempts()
                + " of " + before.maxAttempts();
        Job after;
        String line;
        if (before.cancelRequested()) {
            after = repository.finish(tx, before.id(), before.attempts(), JobState.CANCELLED, null, null,
                    before.progress()).orElseThrow();
            line = "interrupted: " + who + "; a cancel was pending, so it is cancelled";
        } else if (before.attempts() < before.maxAttempts()) {
            after = repository.requeue(tx, before.id(), before.attempts(), false).orElseThrow();
            line = "interrupted: " + who + "; queued again";
        } else {
            String error = "interrupted " + before.attempts() + (before.attempts() == 1 ? " time" : " times");
            after = repository.finish(tx, before.id(), before.attempts(), JobState.FAILED, null, error,
                    before.progress()).orElseThrow();
            line = "interrupted: " + who + "; no attempts left, so it failed";
        }
        queue.transitioned(tx, before, after);
        JobLogLine logged = repository.insertLog(tx, before.id(), JobLogLevel.WARN, line);
        log.atWarn().addKeyValue("jobId", before.id()).addKeyValue("deadWorker", before.worker())
                .addKeyValue("attempts", before.attempts()).addKeyValue("state", after.state().wire())
                .log("job interrupted: its worker died");
        return Optional.of(new Interruption(before, after, logged));
    }

    private void announce(Interruption i) {
        Job before = i.before();
        Job after = i.after();
        JobListeners listeners = queue.listeners();
        listeners.stateChanged(before, after);
        listeners.interrupted(before, after);
        listeners.logged(after.id(), i.line());
        JobHandler handler = handlers.apply(after.kind());
        if (handler != null) {
            try {
                handler.onInterrupted(before, after);
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("jobId", after.id()).setCause(e).log("job handler onInterrupted failed");
            }
        }
    }
}
