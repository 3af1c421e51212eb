package io.vigil.server.jobs;

import io.vigil.server.persistence.Database;
import io.vigil.server.persistence.DatabaseSettings;
import io.vigil.server.testing.TestPostgres;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Test helpers: a fresh migrated database, quick worker settings, and waiting for a condition. */
final class JobsDatabase {
    private JobsDatabase() {}

    static Database fresh() {
        return open(TestPostgres.freshDatabaseUrl());
    }

    static Database open(String url) {
        return Database.start(DatabaseSettings.external(url, TestPostgres.user(), TestPostgres.password()));
    }

    /** Workers that poll and sweep fast, so tests take milliseconds, not seconds. */
    static JobWorkerSettings quick(int workers, String instance) {
        return new JobWorkerSettings(workers, Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(300),
                Duration.ofMillis(50), Duration.ofSeconds(5), instance);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }

    static JobState state(JobQueue queue, java.util.UUID id) {
        return queue.get(id).state();
    }
}
