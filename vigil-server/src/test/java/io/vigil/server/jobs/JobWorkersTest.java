package io.vigil.server.jobs;

import static io.vigil.server.jobs.JobsDatabase.await;
import static io.vigil.server.jobs.JobsDatabase.quick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vigil.server.core.VigilException;
import io.vigil.server.persistence.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link JobWorkers} on one instance: order, outcomes, cancellation, time limits, progress, events. */
class JobWorkersTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private Database database;
    private JobQueue queue;
    private JobWorkers workers;

    @BeforeEach
    void start() {
        database = JobsDatabase.fresh();
        queue = new JobQueue(database.jdbi(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (workers != null) {
            workers.close();
        }
        database.close();
    }

    private JobWorkers startWorkers(int n, String kind, JobHandler handler) {
        workers = new JobWorkers(queue, quick(n, "test"));
        workers.register(kind, handler);
        workers.start();
        return workers;
    }

    private Job awaitFinished(UUID id) {
        await("job " + id + " finished", WAIT, () -> queue.get(id).state().isFinished());
        return queue.get(id);
    }

    @Test
    void runsHigherPriorityFirstThenFifo() {
        List<String> order = new CopyOnWriteArrayList<>();
        Job low1 = queue.submit(NewJob.of("order", text("low1")).withPriority(1));
        Job high1 = queue.submit(NewJob.of("order", text("high1")).withPriority(5));
        Job low2 = queue.submit(NewJob.of("order", text("low2")).withPriority(1));
        Job high2 = queue.submit(NewJob.of("order", text("high2")).withPriority(5));
        startWorkers(1, "order", ctx -> {
            order.add(ctx.payload().get("name").asText());
            return JobResult.empty();
        });
        for (Job job : List.of(low1, high1, low2, high2)) {
            assertThat(awaitFinished(job.id()).state()).isEqualTo(JobState.SUCCEEDED);
        }
        assertThat(order).containsExactly("high1", "high2", "low1", "low2");
    }

    @Test
    void successStoresResultProgressAndTimings() {
        List<JobProgress> heard = new CopyOnWriteArrayList<>();
        queue.addListener(new JobListener() {
            @Override
            public void onProgress(Job job) {
                heard.add(job.progress());
            }
        });
        startWorkers(1, "ok", ctx -> {
            for (int round = 1; round <= 5; round++) {
                ctx.progress(round / 5.0, "training", round, 5);
            }
            ctx.info("trained 5 rounds");
            return JobResult.of(JsonNodeFactory.instance.objectNode().put("accuracy", 0.97));
        });
        Job job = queue.submit(NewJob.of("ok", null));
        Job done = awaitFinished(job.id());

        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.result().get("accuracy").asDouble()).isEqualTo(0.97);
        assertThat(done.error()).isNull();
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.progress()).isEqualTo(new JobProgress(1, "training", 5, 5));
        assertThat(done.startedAt()).isNotNull();
        assertThat(done.finishedAt()).isAfterOrEqualTo(done.startedAt());
        assertThat(done.durationMs()).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(done.worker()).startsWith("test/");
        assertThat(heard).hasSize(5).last().isEqualTo(new JobProgress(1, "training", 5, 5));
        assertThat(queue.logs(job.id(), 0, 100)).extracting(JobLogLine::message)
                .anyMatch(m -> m.startsWith("started on test/"))
                .contains("trained 5 rounds")
                .anyMatch(m -> m.startsWith("succeeded in"));
    }

    @Test
    void failureKeepsTheMessageNotTheStackTrace() {
        startWorkers(1, "boom", ctx -> {
            throw new IllegalStateException("label column 'class' is missing");
        });
        Job job = awaitFinished(queue.submit(NewJob.of("boom", null)).id());
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.error()).isEqualTo("label column 'class' is missing");
        assertThat(job.result()).isNull();
        assertThat(queue.logs(job.id(), 0, 100)).extracting(JobLogLine::message)
                .contains("failed: label column 'class' is missing");
    }

    @Test
    void cancellingARunningJobStopsItWithinASecond() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        queue.addListener(new JobListener() {
            @Override
            public void onStateChange(Job before, Job after) {
                events.add(after.state().wire() + (after.cancelRequested() ? "+cancelRequested" : ""));
            }
        });
        CountDownLatch running = new CountDownLatch(1);
        startWorkers(1, "loop", ctx -> {
            running.countDown();
            while (true) {
                ctx.throwIfCancelled();
                Thread.sleep(5); // a training round
            }
        });
        Job job = queue.submit(NewJob.of("loop", null));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        long begin = System.nanoTime();
        Job requested = queue.cancel(job.id());
        assertThat(requested.state()).isEqualTo(JobState.RUNNING);
        assertThat(requested.cancelRequested()).isTrue();
        await("cancelled", Duration.ofSeconds(1), () -> queue.get(job.id()).state() == JobState.CANCELLED);
        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertThat(millis).isLessThan(1_000);
        Job cancelled = queue.get(job.id());
        assertThat(cancelled.finishedAt()).isNotNull();
        assertThat(cancelled.error()).isNull();
        await("worker released the job", WAIT, () -> workers.runningJobs().isEmpty());
        await("listeners heard the end", WAIT, () -> events.size() >= 4); // they are told after the commit
        assertThat(events).containsExactly("queued", "running", "running+cancelRequested", "cancelled+cancelRequested");
    }

    @Test
    void priorityOfARunningJobCannotChange() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        startWorkers(1, "wait", ctx -> {
            running.countDown();
            while (!ctx.isCancelled()) {
                Thread.sleep(5);
            }
            throw new JobCancelledException("stopped");
        });
        Job job = queue.submit(NewJob.of("wait", null));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> queue.changePriority(job.id(), 3))
                .isInstanceOfSatisfying(VigilException.class, e -> assertThat(e.kind()).isEqualTo(VigilException.Kind.CONFLICT))
                .hasMessageContaining("running");
        queue.cancel(job.id());
        assertThat(awaitFinished(job.id()).state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void timeLimitFailsTheJob() {
        startWorkers(1, "slow", ctx -> {
            // a trainer that takes the token, not the context
            java.util.function.BooleanSupplier stop = ctx.cancellationToken();
            while (!stop.getAsBoolean()) {
                Thread.sleep(5);
            }
            throw new RuntimeException("training interrupted");
        });
        long begin = System.nanoTime();
        Job job = awaitFinished(queue.submit(NewJob.of("slow", null).withTimeLimitSeconds(1)).id());
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.error()).isEqualTo("time limit of 1 s exceeded");
        assertThat((System.nanoTime() - begin) / 1_000_000).isBetween(900L, 5_000L);
    }

    @Test
    void listenersHearEveryStateChange() {
        List<String> events = new CopyOnWriteArrayList<>();
        queue.addListener(new JobListener() {
            @Override
            public void onStateChange(Job before, Job after) {
                events.add((before == null ? "-" : before.state().wire()) + ">" + after.state().wire());
            }
        });
        startWorkers(1, "events", ctx -> JobResult.empty());
        Job job = awaitFinished(queue.submit(NewJob.of("events", null)).id());
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        await("three events", WAIT, () -> events.size() >= 3);
        assertThat(events).containsExactly("->queued", "queued>running", "running>succeeded");
    }

    @Test
    void closeRequeuesARunningJobWithoutCountingTheAttempt() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        startWorkers(1, "long", ctx -> {
            running.countDown();
            while (true) {
                ctx.throwIfCancelled();
                Thread.sleep(5);
            }
        });
        Job job = queue.submit(NewJob.of("long", null));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        workers.close();
        workers = null;
        Job requeued = queue.get(job.id());
        assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
        assertThat(requeued.attempts()).isZero();
        assertThat(requeued.startedAt()).isNull();
        assertThat(requeued.progress()).isEqualTo(JobProgress.NONE);
    }

    @Test
    void idleWorkersWakeAtOnceOnSubmit() {
        // poll every 5 s: only the wake-up can make this quick
        workers = new JobWorkers(queue, quick(1, "test").withPollInterval(Duration.ofSeconds(5)));
        workers.register("wake", ctx -> JobResult.empty());
        workers.start();
        sleep(300); // let the worker go idle
        long begin = System.nanoTime();
        awaitFinished(queue.submit(NewJob.of("wake", null)).id());
        assertThat((System.nanoTime() - begin) / 1_000_000).isLessThan(1_000);
    }

    @Test
    void resultCommitWorkIsAtomicWithSuccess() {
        database.jdbi().useHandle(h -> h.execute("create table versions (job_id uuid primary key, state text)"));
        List<String> hookSaw = new CopyOnWriteArrayList<>();
        queue.addTransitionHook((tx, before, after) -> {
            if (after.state().isFinished()) {
                // inside the transaction: the version written by the result's commit work is visible
                hookSaw.add(after.state().wire() + ":" + tx.createQuery("select count(*) from versions where job_id = :id")
                        .bind("id", after.id()).mapTo(Integer.class).one());
            }
        });
        startWorkers(2, "version", ctx -> {
            boolean broken = ctx.payload().path("broken").asBoolean();
            return JobResult.of(JsonNodeFactory.instance.objectNode().put("version", 1)).withCommit((tx, job) -> {
                tx.createUpdate("insert into versions (job_id, state) values (:id, 'trained')").bind("id", job.id()).execute();
                if (broken) {
                    throw new IllegalStateException("bundle checksum mismatch");
                }
            });
        });
        Job good = awaitFinished(queue.submit(NewJob.of("version", null)).id());
        Job bad = awaitFinished(queue.submit(NewJob.of("version",
                JsonNodeFactory.instance.objectNode().put("broken", true))).id());

        assertThat(good.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(bad.state()).isEqualTo(JobState.FAILED);
        assertThat(bad.error()).isEqualTo("the result could not be stored: bundle checksum mismatch");
        assertThat(bad.result()).isNull();
        List<UUID> versions = database.jdbi().withHandle(h ->
                h.createQuery("select job_id from versions").mapTo(UUID.class).list());
        assertThat(versions).containsExactly(good.id());
        assertThat(hookSaw).containsExactlyInAnyOrder("succeeded:1", "failed:0");
    }

    @Test
    void noAdvisoryLockOutlivesItsJob() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        startWorkers(2, "mixed", ctx -> {
            switch (ctx.payload().path("do").asText()) {
                case "fail" -> throw new IllegalArgumentException("bad");
                case "wait" -> {
                    running.countDown();
                    while (true) {
                        ctx.throwIfCancelled();
                        Thread.sleep(5);
                    }
                }
                default -> {
                    return JobResult.empty();
                }
            }
        });
        UUID waiting = queue.submit(NewJob.of("mixed", JsonNodeFactory.instance.objectNode().put("do", "wait"))).id();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(advisoryLocks()).as("held while it runs").isEqualTo(1);
        UUID ok = queue.submit(NewJob.of("mixed", null)).id();
        UUID failing = queue.submit(NewJob.of("mixed", JsonNodeFactory.instance.objectNode().put("do", "fail"))).id();
        awaitFinished(ok);
        awaitFinished(failing);
        queue.cancel(waiting);
        awaitFinished(waiting);
        // the outcome is committed, then the lock released: wait for the release, not just the outcome
        await("every advisory lock released", WAIT, () -> advisoryLocks() == 0);
        assertThat(workers.runningJobs()).isEmpty();
    }

    private long advisoryLocks() {
        return database.jdbi().withHandle(h -> h.createQuery(
                "select count(*) from pg_locks where locktype = 'advisory' and database = "
                        + "(select oid from pg_database where datname = current_database())").mapTo(Long.class).one());
    }

    private static com.fasterxml.jackson.databind.JsonNode text(String name) {
        return JsonNodeFactory.instance.objectNode().put("name", name);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
