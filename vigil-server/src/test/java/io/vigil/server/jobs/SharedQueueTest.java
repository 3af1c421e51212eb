package io.vigil.server.jobs;

import static io.vigil.server.jobs.JobsDatabase.await;
import static io.vigil.server.jobs.JobsDatabase.quick;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.persistence.Database;
import io.vigil.server.testing.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two instances (own pools, own workers) sharing one jobs table, as two Vigil processes would. */
class SharedQueueTest {
    private Database databaseA;
    private Database databaseB;
    private JobQueue queueA;
    private JobQueue queueB;
    private final List<JobWorkers> workers = new ArrayList<>();

    @BeforeEach
    void start() {
        String url = TestPostgres.freshDatabaseUrl();
        databaseA = JobsDatabase.open(url);
        databaseB = JobsDatabase.open(url);
        queueA = new JobQueue(databaseA.jdbi(), Clock.systemUTC());
        queueB = new JobQueue(databaseB.jdbi(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        workers.forEach(JobWorkers::close);
        databaseA.close();
        databaseB.close();
    }

    private JobWorkers start(JobQueue queue, String instance, String kind, JobHandler handler) {
        JobWorkers w = new JobWorkers(queue, quick(2, instance));
        w.register(kind, handler);
        w.start();
        workers.add(w);
        return w;
    }

    @Test
    void noJobRunsTwice() {
        Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> byInstance = new ConcurrentHashMap<>();
        JobHandler handler = ctx -> {
            runs.computeIfAbsent(ctx.jobId(), id -> new AtomicInteger()).incrementAndGet();
            byInstance.computeIfAbsent(ctx.job().worker().split("/")[0], i -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(25); // long enough that one instance alone could not drain the queue before the other wakes
            return JobResult.empty();
        };
        start(queueA, "a", "shared", handler);
        start(queueB, "b", "shared", handler);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add((i % 2 == 0 ? queueA : queueB).submit(NewJob.of("shared", null)).id());
        }
        await("all 40 jobs done", Duration.ofSeconds(20),
                () -> ids.stream().allMatch(id -> queueA.get(id).state() == JobState.SUCCEEDED));
        assertThat(runs).hasSize(40);
        assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(ids).allSatisfy(id -> assertThat(queueA.get(id).attempts()).isEqualTo(1));
        assertThat(byInstance.keySet()).as("both instances took work").containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void cancelFromAnotherInstanceStopsTheJobWithinASecond() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        start(queueB, "b", "remote", ctx -> {
            running.countDown();
            while (true) {
                ctx.throwIfCancelled();
                Thread.sleep(5);
            }
        });
        UUID id = queueA.submit(NewJob.of("remote", null)).id();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        long begin = System.nanoTime();
        queueA.cancel(id); // instance A does not run it: B's poller must notice
        await("cancelled", Duration.ofSeconds(1), () -> queueA.get(id).state() == JobState.CANCELLED);
        assertThat((System.nanoTime() - begin) / 1_000_000).isLessThan(1_000);
    }

    @Test
    void aLiveOwnersJobIsNotSwept() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        start(queueA, "a", "busy", ctx -> {
            running.countDown();
            while (true) {
                ctx.throwIfCancelled();
                Thread.sleep(5);
            }
        });
        UUID id = queueA.submit(NewJob.of("busy", null)).id();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        List<Job> interrupted = new java.util.concurrent.CopyOnWriteArrayList<>();
        queueB.addListener(new JobListener() {
            @Override
            public void onInterrupted(Job before, Job after) {
                interrupted.add(after);
            }
        });
        start(queueB, "b", "busy", ctx -> JobResult.empty()); // sweeps at start and every 300 ms
        Thread.sleep(1_000);
        Job job = queueB.get(id);
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(job.worker()).startsWith("a/");
        assertThat(interrupted).isEmpty();
        queueB.cancel(id);
        await("cancelled", Duration.ofSeconds(5), () -> queueA.get(id).state() == JobState.CANCELLED);
    }

    @Test
    void aRunTakenOverElsewhereIsAbandonedNotRecorded() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        List<CancellationSignal.Reason> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();
        start(queueA, "a", "taken", ctx -> {
            running.countDown();
            try {
                while (!ctx.isCancelled()) {
                    Thread.sleep(5);
                }
                reasons.add(ctx.cancellation().reason());
                throw new JobCancelledException("stopping");
            } finally {
                stopped.countDown();
            }
        });
        UUID id = queueA.submit(NewJob.of("taken", null).withMaxAttempts(5)).id();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        // as if A had lost its database session and B had swept and re-claimed the job
        databaseB.jdbi().useHandle(h -> h.createUpdate(
                "update jobs set attempts = attempts + 1, worker = 'b/9' where id = :id").bind("id", id).execute());
        assertThat(stopped.await(1, TimeUnit.SECONDS)).as("A stops its stale run").isTrue();
        assertThat(reasons).containsExactly(CancellationSignal.Reason.LOST);
        Job job = queueB.get(id);
        assertThat(job.state()).as("A recorded nothing over B's run").isIn(JobState.RUNNING, JobState.QUEUED);
        assertThat(job.error()).isNull();
        assertThat(job.attempts()).isGreaterThanOrEqualTo(2);
    }
}
