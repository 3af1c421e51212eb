package io.vigil.server.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers of one instance: a pool of threads that claim queued jobs (highest priority, then
 * oldest; {@code FOR UPDATE SKIP LOCKED}, so instances sharing the database never run a job twice)
 * and run the {@link JobHandler} registered for their kind.
 *
 * <p>While a job runs, its worker holds a PostgreSQL session advisory lock on it over a connection
 * of its own (one pool connection per busy worker: size the pool for it). A monitor thread checks
 * every {@code cancelPoll} whether running jobs were cancelled (by any instance) and enforces time
 * limits; a sweeper, at start and every {@code sweepInterval}, re-queues the running jobs of
 * instances that died (their lock is free).
 *
 * <p>Register handlers, then {@link #start()}; {@link #close()} stops claiming, asks running jobs
 * to stop, puts them back in the queue and waits up to the grace period.
 */
public final class JobWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobWorkers.class);

    private final JobQueue queue;
    private final JobRepository repository;
    private final Jdbi jdbi;
    private final JobWorkerSettings settings;
    private final Map<String, JobHandler> handlers = new ConcurrentHashMap<>();
    private final Map<UUID, RunningJob> running = new ConcurrentHashMap<>();
    private final Semaphore wakeup = new Semaphore(0);
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService monitor;
    private final JobSweeper sweeper;
    private final JobCompletion completion;
    private final AtomicBoolean started = new AtomicBoolean();
    private final JobQueue.Signals signals = new JobQueue.Signals() {
        @Override
        public void jobQueued() {
            wake();
        }

        @Override
        public void cancelRequested(UUID jobId) {
            RunningJob job = running.get(jobId);
            if (job != null) {
                stop(job, CancellationSignal.Reason.CANCEL_REQUESTED);
            }
        }
    };
    private volatile boolean stopping;

    public JobWorkers(JobQueue queue, JobWorkerSettings settings) {
        this.queue = queue;
        this.repository = queue.repository();
        this.jdbi = repository.jdbi();
        this.settings = settings;
        this.sweeper = new JobSweeper(queue, handlers::get);
        this.completion = new JobCompletion(queue);
        this.monitor = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "jobs-monitor-" + settings.instanceId()));
    }

    /** Runs jobs of {@code kind} with this handler (replacing any earlier one). May be called after start. */
    public JobWorkers register(String kind, JobHandler handler) {
        handlers.put(kind, handler);
        wake();
        return this;
    }

    /** The kinds of job this instance runs. */
    public Set<String> kinds() {
        return Set.copyOf(handlers.keySet());
    }

    /** Listeners hear every job change, whichever instance made it (same as {@link JobQueue#addListener}). */
    public void addListener(JobListener listener) {
        queue.addListener(listener);
    }

    public String instanceId() {
        return settings.instanceId();
    }

    /** Ids of the jobs this instance is running now. */
    public Set<UUID> runningJobs() {
        return Set.copyOf(running.keySet());
    }

    /** Sweeps once for jobs of dead instances, then starts the worker threads and the monitor. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("job workers already started");
        }
        queue.addSignals(signals);
        sweepSafely();
        long cancelPollMs = settings.cancelPoll().toMillis();
        monitor.scheduleWithFixedDelay(this::checkRunningSafely, cancelPollMs, cancelPollMs, TimeUnit.MILLISECONDS);
        long sweepMs = settings.sweepInterval().toMillis();
        monitor.scheduleWithFixedDelay(this::sweepSafely, sweepMs, sweepMs, TimeUnit.MILLISECONDS);
        for (int i = 1; i <= settings.workers(); i++) {
            String workerId = settings.instanceId() + "/" + i;
            Thread thread = new Thread(() -> workLoop(workerId), "jobs-worker-" + workerId);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        log.atInfo().addKeyValue("instance", settings.instanceId()).addKeyValue("workers", settings.workers())
                .addKeyValue("kinds", Set.copyOf(handlers.keySet())).log("job workers started");
    }

    private void workLoop(String workerId) {
        while (!stopping) {
            boolean ran = false;
            try {
                ran = claimAndRun(workerId);
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("worker", workerId).setCause(e).log("job worker could not claim a job; retrying");
            }
            Thread.interrupted(); // a handler may have left the flag set: do not let it leak into the wait
            if (!ran && !stopping) {
                try {
                    wakeup.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    // woken: look again (or stop)
                }
            }
        }
    }

    /** Claims the next job this instance can run and runs it; false if there was none. */
    private boolean claimAndRun(String workerId) {
        Set<String> kinds = Set.copyOf(handlers.keySet());
        if (kinds.isEmpty() || stopping) {
            return false;
        }
        Handle handle = jdbi.open();
        Optional<Job> claimed;
        try {
            claimed = claim(handle, kinds, workerId);
        } catch (RuntimeException e) {
            JobConnections.closeQuietly(handle);
            throw e;
        }
        if (claimed.isEmpty()) {
            JobConnections.closeQuietly(handle);
            return false;
        }
        run(new RunningJob(claimed.get(), handle, new CancellationSignal(), Thread.currentThread()));
        return true;
    }

    /**
     * In one short transaction on the run's own connection: lock the next queued row (skipping rows
     * other claimers hold), take the job's advisory lock, mark it running. The advisory lock is
     * taken before the row shows as running, so no sweeper can ever see it running and unlocked.
     */
    private Optional<Job> claim(Handle handle, Set<String> kinds, String workerId) {
        UUID locked = null;
        handle.begin();
        try {
            Optional<Job> next = repository.nextQueued(handle, kinds);
            if (next.isEmpty()) {
                handle.commit();
                return Optional.empty();
            }
            if (!JobLocks.tryLock(handle, next.get().id())) {
                // a sweeper still holds it for a moment after re-queueing it: try again later
                handle.rollback();
                return Optional.empty();
            }
            locked = next.get().id();
            Job job = repository.markRunning(handle, locked, workerId);
            queue.transitioned(handle, next.get(), job);
            handle.commit();
            queue.listeners().stateChanged(next.get(), job);
            return Optional.of(job);
        } catch (RuntimeException e) {
            JobConnections.rollbackQuietly(handle);
            if (locked != null) {
                JobConnections.unlockQuietly(handle, locked); // a session lock outlives the rollback: never return it to the pool held
            }
            throw e;
        }
    }

    private void run(RunningJob run) {
        Job job = run.job();
        running.put(job.id(), run);
        ScheduledFuture<?> timeLimit = job.timeLimitSeconds() == null ? null
                : monitor.schedule(() -> stop(run, CancellationSignal.Reason.TIME_LIMIT), job.timeLimitSeconds(), TimeUnit.SECONDS);
        JobContext ctx = new JobContext(job, run.signal(), queue, settings.progressInterval().toNanos());
        long begin = System.nanoTime();
        JobOutcome outcome;
        try {
            log.atInfo().addKeyValue("jobId", job.id()).addKeyValue("kind", job.kind()).addKeyValue("worker", job.worker())
                    .addKeyValue("attempt", job.attempts()).log("job started");
            logQuietly(job.id(), JobLogLevel.INFO, "started on " + job.worker() + " (attempt " + job.attempts()
                    + " of " + job.maxAttempts() + ")");
            if (stopping) {
                run.signal().cancel(CancellationSignal.Reason.SHUTDOWN);
            }
            JobHandler handler = handlers.get(job.kind());
            outcome = JobOutcome.succeeded(handler.run(ctx));
        } catch (Throwable t) {
            outcome = JobOutcome.thrown(t, run.signal(), job);
            if (t instanceof VirtualMachineError error && !(t instanceof OutOfMemoryError)) {
                finish(run, ctx, outcome, begin, timeLimit);
                throw error;
            }
        }
        finish(run, ctx, outcome, begin, timeLimit);
    }

    /** Stops the time limit and forgets the run, then records its outcome (see {@link JobCompletion}). */
    private void finish(RunningJob run, JobContext ctx, JobOutcome outcome, long begin, ScheduledFuture<?> timeLimit) {
        if (timeLimit != null) {
            timeLimit.cancel(false);
        }
        // out of the map first: the monitor must not mistake our own finished row for a lost run
        running.remove(run.job().id());
        completion.finish(run, run.job().withProgress(ctx.progress()), outcome, (System.nanoTime() - begin) / 1_000_000);
    }

    /** Writes a job log line; a database hiccup here must not change the job's outcome. */
    private void logQuietly(UUID jobId, JobLogLevel level, String line) {
        try {
            queue.log(jobId, level, line);
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("jobId", jobId).setCause(e).log("job log line not stored");
        }
    }

    /** Raises the job's stop signal; the first reason wins. */
    private void stop(RunningJob run, CancellationSignal.Reason reason) {
        if (run.signal().cancel(reason)) {
            log.atInfo().addKeyValue("jobId", run.job().id()).addKeyValue("reason", reason).log("job asked to stop");
        }
    }

    /** The monitor's tick: cancel flags set by any instance, and runs taken over by another instance. */
    private void checkRunningSafely() {
        if (running.isEmpty()) {
            return;
        }
        try {
            for (Job stored : repository.runningAmong(running.keySet())) {
                RunningJob run = running.get(stored.id());
                if (run == null) {
                    continue;
                }
                boolean stillOurs = stored.state() == JobState.RUNNING && stored.attempts() == run.job().attempts();
                if (!stillOurs) {
                    stop(run, CancellationSignal.Reason.LOST);
                } else if (stored.cancelRequested()) {
                    stop(run, CancellationSignal.Reason.CANCEL_REQUESTED);
                }
            }
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("job cancel check failed; retrying");
        }
    }

    private void sweepSafely() {
        try {
            if (sweeper.sweep(running.keySet()) > 0) {
                wake();
            }
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("job sweep failed; retrying");
        }
    }

    /** Wakes idle workers (without piling up more permits than there are workers). */
    private void wake() {
        if (wakeup.availablePermits() < settings.workers()) {
            wakeup.release();
        }
    }

    /**
     * Stops claiming, asks running jobs to stop (they go back to the queue), waits up to the grace
     * period for them. A handler that ignores the signal keeps its lock until the database pool
     * closes; the next start's sweeper then re-queues its job.
     */
    @Override
    public void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        queue.removeSignals(signals);
        running.values().forEach(run -> stop(run, CancellationSignal.Reason.SHUTDOWN));
        wakeup.release(threads.size());
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        monitor.shutdownNow();
        List<UUID> stuck = List.copyOf(running.keySet());
        if (!stuck.isEmpty()) {
            log.atWarn().addKeyValue("jobs", stuck).log("jobs did not stop within the grace period; they are re-queued at the next start");
        }
        log.atInfo().addKeyValue("instance", settings.instanceId()).log("job workers stopped");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
