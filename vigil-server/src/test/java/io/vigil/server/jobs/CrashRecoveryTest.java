package io.vigil.server.jobs;

import static io.vigil.server.jobs.JobsDatabase.await;
import static io.vigil.server.jobs.JobsDatabase.quick;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.persistence.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Jobs left {@code running} by a worker that died: nobody holds their advisory lock, so the
 * sweeper ends that run (re-queue, or fail when attempts are used up, or cancel if one was pending).
 */
class CrashRecoveryTest {
    private Database database;
    private JobQueue queue;
    private JobWorkers workers;
    private final List<String> interruptions = new CopyOnWriteArrayList<>();
    private final List<String> transitions = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        database = JobsDatabase.fresh();
        queue = new JobQueue(database.jdbi(), Clock.systemUTC());
        queue.addListener(new JobListener() {
            @Override
            public void onInterrupted(Job before, Job after) {
                interruptions.add(before.state().wire() + ">" + after.state().wire());
            }
        });
        queue.addTransitionHook((tx, before, after) -> transitions.add(
                (before == null ? "-" : before.state().wire()) + ">" + after.state().wire()));
    }

    @AfterEach
    void stop() {
        if (workers != null) {
            workers.close();
        }
        database.close();
    }

    /** What a worker that was killed leaves behind: the row says running, no session holds its lock. */
    private void orphan(UUID id) {
        database.jdbi().useHandle(h -> h.createUpdate("update jobs set state = 'running', attempts = attempts + 1, "
                + "worker = 'ghost/1', started_at = clock_timestamp(), progress_fraction = 0.4, phase = 'training' "
                + "where id = :id").bind("id", id).execute());
    }

    private void startWorkers(String kind, JobHandler handler) {
        workers = new JobWorkers(queue, quick(1, "rescuer"));
        workers.register(kind, handler);
        workers.start();
    }

    @Test
    void anOrphanIsRequeuedAndThenRuns() {
        Job job = queue.submit(NewJob.of("orphan", null).withMaxAttempts(3));
        orphan(job.id());
        startWorkers("orphan", ctx -> JobResult.empty());

        await("succeeded", Duration.ofSeconds(10), () -> queue.get(job.id()).state() == JobState.SUCCEEDED);
        Job done = queue.get(job.id());
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.worker()).startsWith("rescuer/");
        await("listeners told", Duration.ofSeconds(5), () -> !interruptions.isEmpty()); // after the commit
        assertThat(interruptions).containsExactly("running>queued");
        assertThat(transitions).as("hooks run in every transition, the interruption included")
                .containsExactly("->queued", "running>queued", "queued>running", "running>succeeded");
        assertThat(queue.logs(job.id(), 0, 100)).extracting(JobLogLine::message)
                .anyMatch(m -> m.startsWith("interrupted: worker ghost/1 stopped without finishing attempt 1 of 3; queued again"));
    }

    @Test
    void anOrphanWithNoAttemptsLeftFails() {
        Job job = queue.submit(NewJob.of("doomed", null).withMaxAttempts(2));
        orphan(job.id());
        orphan(job.id()); // the second attempt: as if it had been re-queued and died again
        startWorkers("doomed", ctx -> JobResult.empty());

        await("failed", Duration.ofSeconds(10), () -> queue.get(job.id()).state() == JobState.FAILED);
        Job failed = queue.get(job.id());
        assertThat(failed.error()).isEqualTo("interrupted 2 times");
        assertThat(failed.finishedAt()).isNotNull();
        await("listeners told", Duration.ofSeconds(5), () -> !interruptions.isEmpty()); // after the commit
        assertThat(interruptions).containsExactly("running>failed");
    }

    @Test
    void anOrphanWithAPendingCancelIsCancelled() {
        Job job = queue.submit(NewJob.of("dropped", null));
        orphan(job.id());
        queue.cancel(job.id()); // running: only flagged; its dead worker will never see it
        startWorkers("dropped", ctx -> JobResult.empty());

        await("cancelled", Duration.ofSeconds(10), () -> queue.get(job.id()).state() == JobState.CANCELLED);
        await("listeners told", Duration.ofSeconds(5), () -> !interruptions.isEmpty()); // after the commit
        assertThat(interruptions).containsExactly("running>cancelled");
    }

    @Test
    void theSweeperRunsPeriodicallyNotOnlyAtStart() {
        startWorkers("later", ctx -> JobResult.empty());
        Job job = queue.submit(NewJob.of("later-other-kind", null));
        orphan(job.id()); // after start: only the periodic sweep can find it
        await("re-queued", Duration.ofSeconds(5), () -> queue.get(job.id()).state() == JobState.QUEUED);
        assertThat(queue.get(job.id()).attempts()).isEqualTo(1);
        assertThat(queue.get(job.id()).progress()).isEqualTo(JobProgress.NONE);
    }
}
