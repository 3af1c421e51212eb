package io.vigil.server.monitoring.retraining;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * Whether a policy's triggers hold for the deployed version now: live accuracy below its floor
 * (with enough feedback), the schedule's latest slot not fired yet, the share of drifted inputs at
 * or above its threshold; the cheap ones first, the drift (which reads the prediction log) last.
 * Nothing holds within the cool-down of the last trigger.
 */
final class Conditions {
    private final Signals signals;

    Conditions(Signals signals) {
        this.signals = signals;
    }

    /** The first trigger of {@code stored} that holds at {@code now} for {@code version}; empty when none does. */
    Optional<Firing> check(PolicyRepository.Stored stored, int version, Instant now) {
        RetrainingPolicy p = stored.policy();
        if (inCooldown(stored, now)) {
            return Optional.empty();
        }
        UUID model = stored.modelId();
        Duration window = p.windowLength();
        if (p.accuracyFloor() != null) {
            Signals.Feedback f = signals.feedback(model, version, now.minus(window), now.plusMillis(1));
            if (f.rows() >= p.minFeedback() && f.accuracy() < p.accuracyFloor()) {
                return Optional.of(new Firing(TriggerReason.ACCURACY, f.accuracy(), p.accuracyFloor(),
                        detail("window", p.window(), "version", version, "feedbackRows", f.rows(), "correct", f.correct()), null));
            }
        }
        if (p.schedule() != null) {
            Optional<Instant> slot = CronSchedule.parse(p.schedule()).latestSlot(now).filter(s -> s.isAfter(stored.scheduleFrom()));
            if (slot.isPresent()) {
                return Optional.of(new Firing(TriggerReason.SCHEDULE, null, null,
                        detail("schedule", p.schedule(), "slot", slot.get().toString(), "version", version), slot.get()));
            }
        }
        if (p.driftShare() != null) {
            // DriftWindow reads <n>m; a policy's window is at most 30 days, 43,200 minutes
            OptionalDouble share = signals.driftShare(model, version, window.toMinutes() + "m");
            if (share.isPresent() && share.getAsDouble() >= p.driftShare()) {
                return Optional.of(new Firing(TriggerReason.DRIFT, share.getAsDouble(), p.driftShare(),
                        detail("window", p.window(), "version", version), null));
            }
        }
        return Optional.empty();
    }

    /** Whether the last trigger is more recent than the cool-down. */
    static boolean inCooldown(PolicyRepository.Stored stored, Instant now) {
        return stored.lastTriggeredAt() != null && stored.lastTriggeredAt().plus(stored.policy().cooldownLength()).isAfter(now);
    }

    private static Map<String, Object> detail(Object... pairs) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            d.put((String) pairs[i], pairs[i + 1]);
        }
        return d;
    }
}
