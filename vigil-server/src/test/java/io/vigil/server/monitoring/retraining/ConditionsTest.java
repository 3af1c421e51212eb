package io.vigil.server.monitoring.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A policy's conditions against live signals, on a clock the test moves. */
class ConditionsTest {
    static final UUID MODEL = UUID.randomUUID();
    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    /** Signals the test sets: a drift share (null: no verdict) and feedback counts. */
    static final class FakeSignals implements Signals {
        Double share;
        long rows;
        long correct;
        Instant askedFrom;

        @Override
        public OptionalDouble driftShare(UUID modelId, int version, String window) {
            return share == null ? OptionalDouble.empty() : OptionalDouble.of(share);
        }

        @Override
        public Feedback feedback(UUID modelId, int version, Instant from, Instant to) {
            askedFrom = from;
            return new Feedback(rows, correct);
        }
    }

    final FakeSignals signals = new FakeSignals();
    final Conditions conditions = new Conditions(signals);

    @Test
    void accuracyBelowItsFloorWithEnoughFeedbackFiresWithWhatWasObserved() {
        RetrainingPolicy p = policy(null, 0.9, null, "1h");
        signals.rows = 50;
        signals.correct = 20;

        Firing f = conditions.check(stored(p, T0.minus(Duration.ofDays(1)), null), 3, T0).orElseThrow();

        assertThat(f.reason()).isEqualTo(TriggerReason.ACCURACY);
        assertThat(f.observed()).isEqualTo(0.4);
        assertThat(f.threshold()).isEqualTo(0.9);
        assertThat(f.detail()).containsEntry("feedbackRows", 50L).containsEntry("version", 3);
        assertThat(signals.askedFrom).isEqualTo(T0.minus(Duration.ofHours(1)));
    }

    @Test
    void tooLittleFeedbackOrAccuracyAtTheFloorFiresNothing() {
        RetrainingPolicy p = policy(null, 0.9, null, "1h");
        signals.rows = 49;
        signals.correct = 0;
        assertThat(conditions.check(stored(p, T0, null), 1, T0)).isEmpty();

        signals.rows = 100;
        signals.correct = 90;
        assertThat(conditions.check(stored(p, T0, null), 1, T0)).isEmpty();
    }

    @Test
    void driftAtOrAboveItsShareFiresAndNoVerdictFiresNothing() {
        RetrainingPolicy p = policy(0.5, null, null, "24h");
        signals.share = null;
        assertThat(conditions.check(stored(p, T0, null), 1, T0)).isEmpty();
        signals.share = 0.49;
        assertThat(conditions.check(stored(p, T0, null), 1, T0)).isEmpty();
        signals.share = 0.5;

        Firing f = conditions.check(stored(p, T0, null), 1, T0).orElseThrow();

        assertThat(f.reason()).isEqualTo(TriggerReason.DRIFT);
        assertThat(f.observed()).isEqualTo(0.5);
        assertThat(f.threshold()).isEqualTo(0.5);
    }

    @Test
    void withinTheCooldownNothingFiresAndOnceItHasPassedTheConditionFiresAgain() {
        RetrainingPolicy p = policy(null, 0.9, null, "1h"); // cool-down 2h
        signals.rows = 100;
        signals.correct = 10;
        PolicyRepository.Stored justTriggered = stored(p, T0, T0);

        assertThat(conditions.check(justTriggered, 1, T0.plus(Duration.ofMinutes(119)))).isEmpty();
        assertThat(conditions.check(justTriggered, 1, T0.plus(Duration.ofMinutes(120)))).isPresent();
    }

    @Test
    void aScheduleFiresForItsLatestSlotOnceThatSlotIsAfterTheLastOneFired() {
        RetrainingPolicy p = policy(null, null, "0 3 * * *", "24h");
        Instant setAt = Instant.parse("2026-12-05T10:00:00Z");

        assertThat(conditions.check(stored(p, setAt, null), 1, setAt.plus(Duration.ofHours(1)))).as("no slot since it was set").isEmpty();

        Instant nextDay = Instant.parse("2026-12-06T03:00:20Z");
        Firing f = conditions.check(stored(p, setAt, null), 1, nextDay).orElseThrow();
        assertThat(f.reason()).isEqualTo(TriggerReason.SCHEDULE);
        assertThat(f.slot()).isEqualTo(Instant.parse("2026-12-06T03:00:00Z"));
        assertThat(f.observed()).isNull();

        // once that slot is claimed, the schedule waits for the next one
        assertThat(conditions.check(stored(p, f.slot(), null), 1, nextDay.plus(Duration.ofHours(20)))).isEmpty();
        assertThat(conditions.check(stored(p, f.slot(), null), 1, nextDay.plus(Duration.ofHours(24)))).isPresent();
    }

    static RetrainingPolicy policy(Double driftShare, Double floor, String schedule, String window) {
        return new RetrainingPolicy(true, driftShare, floor, window, 50, schedule, false, "if_better", null, null, "2h");
    }

    static PolicyRepository.Stored stored(RetrainingPolicy p, Instant scheduleFrom, Instant lastTriggered) {
        return new PolicyRepository.Stored(MODEL, p, scheduleFrom, lastTriggered, "admin", scheduleFrom);
    }
}
