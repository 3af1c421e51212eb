package io.vigil.server.jobs;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How {@link JobWorkers} behave.
 *
 * @param workers           jobs run at once by this instance (threads)
 * @param pollInterval      how often idle workers look for jobs submitted elsewhere
 * @param cancelPoll        how often running jobs' cancel flags and time limits are checked
 * @param sweepInterval     how often running jobs of dead instances are looked for
 * @param progressInterval  least time between two stored progress reports of a job
 * @param shutdownGrace     how long {@link JobWorkers#close()} waits for running jobs to stop
 * @param instanceId        names this instance in {@code jobs.worker} and the logs
 */
public record JobWorkerSettings(int workers, Duration pollInterval, Duration cancelPoll, Duration sweepInterval,
                                Duration progressInterval, Duration shutdownGrace, String instanceId) {
    public static final int DEFAULT_WORKERS = 2;

    public JobWorkerSettings {
        if (workers < 1) {
            throw new IllegalArgumentException("jobs: at least one worker is needed, got " + workers);
        }
        requirePositive("pollInterval", pollInterval);
        requirePositive("cancelPoll", cancelPoll);
        requirePositive("sweepInterval", sweepInterval);
        requirePositive("progressInterval", progressInterval);
        if (shutdownGrace == null || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("jobs: shutdownGrace must not be negative");
        }
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = defaultInstanceId();
        }
    }

    /** 2 workers, poll 1 s, cancel check 200 ms, sweep 5 s, progress stored every 250 ms, 10 s grace. */
    public static JobWorkerSettings defaults() {
        return new JobWorkerSettings(DEFAULT_WORKERS, Duration.ofSeconds(1), Duration.ofMillis(200),
                Duration.ofSeconds(5), Duration.ofMillis(250), Duration.ofSeconds(10), null);
    }

    public JobWorkerSettings withWorkers(int n) {
        return new JobWorkerSettings(n, pollInterval, cancelPoll, sweepInterval, progressInterval, shutdownGrace, instanceId);
    }

    public JobWorkerSettings withPollInterval(Duration d) {
        return new JobWorkerSettings(workers, d, cancelPoll, sweepInterval, progressInterval, shutdownGrace, instanceId);
    }

    public JobWorkerSettings withSweepInterval(Duration d) {
        return new JobWorkerSettings(workers, pollInterval, cancelPoll, d, progressInterval, shutdownGrace, instanceId);
    }

    public JobWorkerSettings withShutdownGrace(Duration d) {
        return new JobWorkerSettings(workers, pollInterval, cancelPoll, sweepInterval, progressInterval, d, instanceId);
    }

    public JobWorkerSettings withInstanceId(String id) {
        return new JobWorkerSettings(workers, pollInterval, cancelPoll, sweepInterval, progressInterval, shutdownGrace, id);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("jobs: " + name + " must be positive, got " + d);
        }
    }

    /** host-pid-random: unique per process, readable in the jobs table. */
    private static String defaultInstanceId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "vigil");
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
    }
}
