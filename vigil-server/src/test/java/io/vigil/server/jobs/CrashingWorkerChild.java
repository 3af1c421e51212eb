package io.vigil.server.jobs;

import io.vigil.server.persistence.Database;
import java.time.Clock;
import java.time.Duration;

/**
 * Run in a child JVM by {@link KilledWorkerTest}: starts one worker on the database given as
 * argument with a slow handler for kind {@value #KIND}, prints {@code RUNNING <job id>} once the
 * job runs, and keeps running it until the JVM is killed.
 */
public final class CrashingWorkerChild {
    static final String KIND = "crash-train";

    private CrashingWorkerChild() {}

    public static void main(String[] args) throws InterruptedException {
        Database database = JobsDatabase.open(args[0]);
        JobWorkers workers = new JobWorkers(new JobQueue(database.jdbi(), Clock.systemUTC()),
                JobsDatabase.quick(1, "child").withPollInterval(Duration.ofMillis(100)));
        workers.register(KIND, ctx -> {
            System.out.println("RUNNING " + ctx.jobId());
            System.out.flush();
            for (int round = 1; ; round++) {
                ctx.throwIfCancelled();
                ctx.progress(Math.min(0.99, round / 1000.0), "training", round, 1000);
                Thread.sleep(20);
            }
        });
        workers.start();
        Thread.sleep(Long.MAX_VALUE);
    }
}
