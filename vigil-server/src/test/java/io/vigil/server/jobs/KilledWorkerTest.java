package io.vigil.server.jobs;

import static io.vigil.server.jobs.JobsDatabase.await;
import static io.vigil.server.jobs.JobsDatabase.quick;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.persistence.Database;
import io.vigil.server.testing.TestPostgres;
import java.time.Clock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real thing: a worker in a child JVM is killed ({@code kill -9}) mid-job; PostgreSQL drops its
 * connection and with it the job's advisory lock; a new instance re-queues the job and finishes it.
 */
class KilledWorkerTest {

    @Test
    void aJobOfAKilledWorkerIsRequeuedAndCompleted() throws Exception {
        String url = TestPostgres.freshDatabaseUrl();
        try (Database database = JobsDatabase.open(url)) {
            JobQueue queue = new JobQueue(database.jdbi(), Clock.systemUTC());
            UUID id = queue.submit(NewJob.of(CrashingWorkerChild.KIND, null).withMaxAttempts(3)).id();

            Process child = startChild(url);
            try {
                String line = CompletableFuture.supplyAsync(() -> runningLine(child)).get(60, TimeUnit.SECONDS);
                assertThat(line).isEqualTo("RUNNING " + id);
                await("progress stored by the child", Duration.ofSeconds(10),
                        () -> queue.get(id).progress().fraction() > 0);
                assertThat(queue.get(id).worker()).startsWith("child/");
            } finally {
                child.destroyForcibly(); // kill -9: no shutdown hook, no clean-up
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(queue.get(id).state()).as("the dead worker left it running").isEqualTo(JobState.RUNNING);

            try (JobWorkers rescuer = new JobWorkers(queue, quick(1, "rescuer"))) {
                rescuer.register(CrashingWorkerChild.KIND, ctx -> JobResult.empty());
                rescuer.start();
                await("finished by the new instance", Duration.ofSeconds(20),
                        () -> queue.get(id).state() == JobState.SUCCEEDED);
            }
            Job done = queue.get(id);
            assertThat(done.attempts()).isEqualTo(2);
            assertThat(done.worker()).startsWith("rescuer/");
            assertThat(queue.logs(id, 0, 100)).extracting(JobLogLine::message)
                    .anyMatch(m -> m.startsWith("interrupted: worker child/1 stopped without finishing attempt 1 of 3"));
        }
    }

    private static Process startChild(String url) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                CrashingWorkerChild.class.getName(), url)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** The child's stdout also carries its log lines: skip to ours. */
    private static String runningLine(Process child) {
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("RUNNING ")) {
                    return line;
                }
            }
            throw new IllegalStateException("the child exited without running the job");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
