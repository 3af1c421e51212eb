package io.vigil.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.core.Page;
import io.vigil.server.core.VigilException;
import io.vigil.server.persistence.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link JobQueue} alone (no workers): submit, read, list, cancel, priority, logs, events. */
class JobQueueTest {
    private static Database database;
    private static JobQueue queue;

    @BeforeAll
    static void start() {
        database = JobsDatabase.fresh();
        queue = new JobQueue(database.jdbi(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void submitStoresEverythingAndReadsBack() throws Exception {
        UUID model = UUID.randomUUID();
        JsonNode payload = Json.MAPPER.readTree("{\"datasetId\":\"d1\",\"rounds\":50}");
        Job job = queue.submit(NewJob.of("train-roundtrip", payload).withModelId(model).withPriority(7)
                .withTimeLimitSeconds(600).withMaxAttempts(2).withCreatedBy("alice"));

        assertThat(job.state()).isEqualTo(JobState.QUEUED);
        assertThat(job.progress()).isEqualTo(JobProgress.NONE);
        assertThat(job.attempts()).isZero();
        assertThat(job.createdAt()).isNotNull();
        assertThat(job.startedAt()).isNull();
        assertThat(job.durationMs()).isNull();
        assertThat(queue.find(job.id())).contains(job);
        Job read = queue.get(job.id());
        assertThat(read.modelId()).isEqualTo(model);
        assertThat(read.priority()).isEqualTo(7);
        assertThat(read.payload()).isEqualTo(payload);
        assertThat(read.timeLimitSeconds()).isEqualTo(600);
        assertThat(read.maxAttempts()).isEqualTo(2);
        assertThat(read.createdBy()).isEqualTo("alice");
    }

    @Test
    void aJobIsCreatedAtTheTimeOfTheInjectedClock() {
        Instant then = Instant.parse("2021-03-04T05:06:07Z");
        JobQueue fixed = new JobQueue(database.jdbi(), Clock.fixed(then, ZoneOffset.UTC));
        Job job = fixed.submit(NewJob.of("train-clock", null));
        assertThat(job.createdAt()).isEqualTo(then);
        assertThat(job.updatedAt()).isEqualTo(then);
        assertThat(queue.get(job.id()).createdAt()).as("as stored").isEqualTo(then);
    }

    @Test
    void jsonShapeIsTheApiAnswer() {
        Job job = queue.submit(NewJob.of("train-json", null).withPriority(3));
        JsonNode json = Json.MAPPER.valueToTree(job);
        assertThat(json.get("id").asText()).isEqualTo(job.id().toString());
        assertThat(json.get("state").asText()).isEqualTo("queued");
        assertThat(json.get("progress").get("fraction").asDouble()).isZero();
        assertThat(json.get("progress").has("totalRounds")).isTrue();
        assertThat(json.get("parameters").isObject()).isTrue();
        assertThat(json.has("payload")).isFalse();
        assertThat(json.get("createdAt").isTextual()).as("ISO-8601 time").isTrue();
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).contains("kind", "modelId", "priority", "attempts", "maxAttempts", "timeLimitSeconds",
                "cancelRequested", "error", "result", "createdBy", "startedAt", "finishedAt", "durationMs");
    }

    @Test
    void invalidSubmissionsNameTheField() {
        assertThatThrownBy(() -> NewJob.of(" ", null)).isInstanceOf(VigilException.class).hasMessageContaining("kind");
        assertThatThrownBy(() -> NewJob.of("k", null).withMaxAttempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> NewJob.of("k", null).withTimeLimitSeconds(0)).hasMessageContaining("timeLimitSeconds");
    }

    @Test
    void listsNewestFirstWithFiltersAndPages() {
        UUID model = UUID.randomUUID();
        Job first = queue.submit(NewJob.of("train-list", null).withModelId(model));
        Job second = queue.submit(NewJob.of("train-list", null).withModelId(model));
        Job third = queue.submit(NewJob.of("train-list", null).withModelId(model));
        queue.cancel(second.id());

        Page<Job> all = queue.list(JobFilter.ofModel(model), 1, 10);
        assertThat(all.items()).extracting(Job::id).containsExactly(third.id(), second.id(), first.id());
        assertThat(all.total()).isEqualTo(3);

        Page<Job> page2 = queue.list(JobFilter.ofModel(model), 2, 2);
        assertThat(page2.items()).extracting(Job::id).containsExactly(first.id());
        assertThat(page2.pages()).isEqualTo(2);

        assertThat(queue.list(new JobFilter(JobState.CANCELLED, model, null), 1, 10).items())
                .extracting(Job::id).containsExactly(second.id());
        assertThat(queue.list(new JobFilter(JobState.QUEUED, model, "other-kind"), 1, 10).items()).isEmpty();
        assertThat(queue.active(model)).extracting(Job::id).containsExactly(first.id(), third.id());
    }

    @Test
    void cancelQueuedEndsAtOnceAndTwiceIsAConflict() {
        Job job = queue.submit(NewJob.of("train-cancel", null));
        Job cancelled = queue.cancel(job.id());
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.finishedAt()).isNotNull();
        assertThatThrownBy(() -> queue.cancel(job.id()))
                .isInstanceOfSatisfying(VigilException.class, e -> assertThat(e.kind()).isEqualTo(VigilException.Kind.CONFLICT))
                .hasMessageContaining("already cancelled");
        assertThatThrownBy(() -> queue.cancel(UUID.randomUUID()))
                .isInstanceOfSatisfying(VigilException.class, e -> assertThat(e.kind()).isEqualTo(VigilException.Kind.NOT_FOUND));
    }

    @Test
    void priorityChangesOnlyWhileQueued() {
        Job job = queue.submit(NewJob.of("train-priority", null).withPriority(1));
        assertThat(queue.changePriority(job.id(), 9).priority()).isEqualTo(9);
        assertThat(queue.get(job.id()).priority()).isEqualTo(9);
        queue.cancel(job.id());
        assertThatThrownBy(() -> queue.changePriority(job.id(), 2))
                .isInstanceOfSatisfying(VigilException.class, e -> assertThat(e.kind()).isEqualTo(VigilException.Kind.CONFLICT))
                .hasMessageContaining("only change while it is queued");
    }

    @Test
    void logsReadIncrementallyWithSince() {
        Job job = queue.submit(NewJob.of("train-logs", null));
        queue.log(job.id(), JobLogLevel.INFO, "one");
        queue.log(job.id(), JobLogLevel.WARN, "two");
        queue.log(job.id(), JobLogLevel.ERROR, "three");
        List<JobLogLine> all = queue.logs(job.id(), 0, 100);
        assertThat(all).extracting(JobLogLine::message).containsExactly("one", "two", "three");
        assertThat(all).extracting(JobLogLine::level).containsExactly(JobLogLevel.INFO, JobLogLevel.WARN, JobLogLevel.ERROR);
        assertThat(queue.logs(job.id(), all.get(0).seq(), 100)).extracting(JobLogLine::message).containsExactly("two", "three");
        assertThat(queue.logs(job.id(), 0, 2)).hasSize(2);
        assertThat(queue.logs(job.id(), all.get(2).seq(), 100)).isEmpty();
        assertThat(Json.MAPPER.valueToTree(all.get(1)).get("level").asText()).isEqualTo("warn");
        assertThatThrownBy(() -> queue.logs(UUID.randomUUID(), 0, 10))
                .isInstanceOfSatisfying(VigilException.class, e -> assertThat(e.kind()).isEqualTo(VigilException.Kind.NOT_FOUND));
    }

    @Test
    void listenersHearSubmitCancelAndPriority() {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        JobListener listener = new JobListener() {
            @Override
            public void onStateChange(Job before, Job after) {
                events.add((before == null ? "-" : before.state().wire() + "/" + before.priority())
                        + ">" + after.state().wire() + "/" + after.priority());
            }
        };
        queue.addListener(listener);
        try {
            Job job = queue.submit(NewJob.of("train-events", null));
            queue.changePriority(job.id(), 5);
            queue.cancel(job.id());
        } finally {
            queue.removeListener(listener);
        }
        assertThat(events).containsExactly("->queued/0", "queued/0>queued/5", "queued/5>cancelled/5");
    }

    @Test
    void submitWorkInTheSameTransactionIsAllOrNothing() {
        UUID model = UUID.randomUUID();
        assertThatThrownBy(() -> queue.submit(NewJob.of("train-atomic", null).withModelId(model), (tx, job) -> {
            throw VigilException.conflict("model is already training");
        })).hasMessage("model is already training");
        assertThat(queue.list(JobFilter.ofModel(model), 1, 10).total()).as("no job without its model change").isZero();

        Job job = queue.submit(NewJob.of("train-atomic", null).withModelId(model), (tx, j) ->
                assertThat(tx.createQuery("select state from jobs where id = :id").bind("id", j.id())
                        .mapTo(String.class).one()).isEqualTo("queued"));
        assertThat(queue.get(job.id()).modelId()).isEqualTo(model);
    }

    @Test
    void aFailingTransitionHookRollsTheChangeBack() {
        Job job = queue.submit(NewJob.of("train-hook", null));
        JobTransitionHook veto = (tx, before, after) -> {
            if (after.id().equals(job.id()) && after.state() == JobState.CANCELLED) {
                throw new IllegalStateException("model cannot leave training now");
            }
        };
        queue.addTransitionHook(veto);
        assertThatThrownBy(() -> queue.cancel(job.id())).hasMessage("model cannot leave training now");
        assertThat(queue.get(job.id()).state()).isEqualTo(JobState.QUEUED);
    }
}
