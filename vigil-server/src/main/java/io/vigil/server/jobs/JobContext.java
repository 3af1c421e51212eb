package io.vigil.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a running handler sees of its job: the job and its payload, a way to report progress and
 * write log lines, and the cancellation signal. Progress and logging may be called from any thread.
 */
public final class JobContext {
    private static final Logger log = LoggerFactory.getLogger(JobContext.class);

    private final Job job;
    private final CancellationSignal signal;
    private final JobQueue queue;
    private final long persistEveryNanos;
    private JobProgress progress = JobProgress.NONE; // guarded by this
    private long lastPersistNanos; // guarded by this
    private boolean persistedOnce; // guarded by this

    JobContext(Job job, CancellationSignal signal, JobQueue queue, long persistEveryNanos) {
        this.job = job;
        this.signal = signal;
        this.queue = queue;
        this.persistEveryNanos = persistEveryNanos;
    }

    /** The job as it was when this run started. */
    public Job job() {
        return job;
    }

    public UUID jobId() {
        return job.id();
    }

    /** The job's input (its {@code parameters}); never null. */
    public JsonNode payload() {
        return job.payload();
    }

    /**
     * Reports progress. Listeners hear every report; the database stores at most one every few
     * hundred milliseconds (and the last one when the job ends).
     *
     * @param fraction    0 to 1 (clamped)
     * @param phase       what it is doing now, or null
     * @param round       current round, or null
     * @param totalRounds rounds in all, or null
     */
    public void progress(double fraction, String phase, Integer round, Integer totalRounds) {
        JobProgress p = new JobProgress(fraction, phase, round, totalRounds);
        boolean persist;
        synchronized (this) {
            long now = System.nanoTime();
            // a new phase is worth storing at once; otherwise throttle
            persist = !persistedOnce || now - lastPersistNanos >= persistEveryNanos
                    || !Objects.equals(phase, progress.phase());
            progress = p;
            if (persist) {
                lastPersistNanos = now;
                persistedOnce = true;
            }
        }
        if (persist) {
            try {
                queue.repository().saveProgress(job.id(), job.attempts(), p);
            } catch (RuntimeException e) {
                // progress is advisory: a database hiccup must not fail the job
                log.atWarn().addKeyValue("jobId", job.id()).setCause(e).log("job progress not stored");
            }
        }
        queue.listeners().progressed(job.withProgress(p));
    }

    /** Reports progress without rounds. */
    public void progress(double fraction, String phase) {
        progress(fraction, phase, null, null);
    }

    /** The last progress reported. */
    public synchronized JobProgress progress() {
        return progress;
    }

    /** Writes a line to the job's stored log (and to the server log). */
    public void log(JobLogLevel level, String message) {
        log.atLevel(switch (level) {
                    case DEBUG -> org.slf4j.event.Level.DEBUG;
                    case INFO -> org.slf4j.event.Level.INFO;
                    case WARN -> org.slf4j.event.Level.WARN;
                    case ERROR -> org.slf4j.event.Level.ERROR;
                }).addKeyValue("jobId", job.id()).addKeyValue("kind", job.kind()).log(message);
        try {
            queue.log(job.id(), level, message);
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("jobId", job.id()).setCause(e).log("job log line not stored");
        }
    }

    public void info(String message) {
        log(JobLogLevel.INFO, message);
    }

    public void warn(String message) {
        log(JobLogLevel.WARN, message);
    }

    /** The signal to poll, or to hand on as a {@link BooleanSupplier} cancellation token. */
    public CancellationSignal cancellation() {
        return signal;
    }

    /** The signal as a plain token: {@code true} means stop. */
    public BooleanSupplier cancellationToken() {
        return signal;
    }

    public boolean isCancelled() {
        return signal.isCancelled();
    }

    /** @throws JobCancelledException if the job should stop */
    public void throwIfCancelled() {
        signal.throwIfCancelled();
    }

    /** When this run's time limit ends, if it has one. */
    public Optional<Instant> deadline() {
        return Optional.ofNullable(job.deadline());
    }
}
