package io.vigil.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a run's end is decided from what the handler did and why it was asked to stop. */
class JobOutcomeTest {
    private static final Job JOB = new Job(UUID.randomUUID(), "k", null, JobState.RUNNING, 0, JobProgress.NONE, 1, 3,
            30, false, null, null, null, null, "w/1", Instant.now(), Instant.now(), null, Instant.now());

    @Test
    void theFirstStopReasonWins() {
        CancellationSignal signal = new CancellationSignal();
        assertThat(signal.isCancelled()).isFalse();
        signal.throwIfCancelled(); // no-op
        assertThat(signal.cancel(CancellationSignal.Reason.TIME_LIMIT)).isTrue();
        assertThat(signal.cancel(CancellationSignal.Reason.CANCEL_REQUESTED)).isFalse();
        assertThat(signal.reason()).isEqualTo(CancellationSignal.Reason.TIME_LIMIT);
        assertThat(signal.getAsBoolean()).isTrue();
        assertThatThrownBy(signal::throwIfCancelled).isInstanceOf(JobCancelledException.class)
                .hasMessage("job stopped: time limit");
    }

    @Test
    void anExceptionWithoutASignalIsAFailureWithItsMessage() {
        JobOutcome outcome = JobOutcome.thrown(new IllegalStateException("no label column"), new CancellationSignal(), JOB);
        assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.FAILED);
        assertThat(outcome.error()).isEqualTo("no label column");
        assertThat(JobOutcome.thrown(new NullPointerException(), new CancellationSignal(), JOB).error())
                .isEqualTo("NullPointerException");
        assertThat(JobOutcome.message(new RuntimeException("x".repeat(5000)))).hasSize(JobOutcome.MAX_ERROR_LENGTH);
    }

    @Test
    void runningOutOfMemorySaysHowBigTheHeapIsAndHowToGrowIt() {
        JobOutcome outcome = JobOutcome.thrown(new OutOfMemoryError("Java heap space"), new CancellationSignal(), JOB);
        assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.FAILED);
        assertThat(outcome.error()).startsWith("out of memory (Java heap space): the server's heap is ")
                .contains("VIGIL_JAVA_OPTS=-Xmx8g");
        assertThat(JobOutcome.outOfMemory("Java heap space", 300L * 1024 * 1024)).contains("the server's heap is 300 MB");
    }

    @Test
    void anyExceptionAfterTheSignalFollowsTheReason() {
        assertThat(kind(CancellationSignal.Reason.CANCEL_REQUESTED)).isEqualTo(JobOutcome.Kind.CANCELLED);
        assertThat(kind(CancellationSignal.Reason.SHUTDOWN)).isEqualTo(JobOutcome.Kind.REQUEUE);
        assertThat(kind(CancellationSignal.Reason.LOST)).isEqualTo(JobOutcome.Kind.ABANDON);
        CancellationSignal timeLimit = new CancellationSignal();
        timeLimit.cancel(CancellationSignal.Reason.TIME_LIMIT);
        JobOutcome outcome = JobOutcome.thrown(new RuntimeException("engine: cancelled"), timeLimit, JOB);
        assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.FAILED);
        assertThat(outcome.error()).isEqualTo("time limit of 30 s exceeded");
    }

    @Test
    void aHandlerStoppingOnItsOwnIsCancelled() {
        assertThat(JobOutcome.thrown(new JobCancelledException("enough"), new CancellationSignal(), JOB).kind())
                .isEqualTo(JobOutcome.Kind.CANCELLED);
    }

    @Test
    void lockKeysNeverMeetThirtyTwoBitKeys() {
        for (int i = 0; i < 10_000; i++) {
            long key = JobLocks.key(UUID.randomUUID());
            assertThat(key).isGreaterThanOrEqualTo(1L << 62);
        }
    }

    private static JobOutcome.Kind kind(CancellationSignal.Reason reason) {
        CancellationSignal signal = new CancellationSignal();
        signal.cancel(reason);
        return JobOutcome.thrown(new RuntimeException("stopped"), signal, JOB).kind();
    }
}
