package io.vigil.server.monitoring.retraining;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.models.RegisteredModel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's retraining policy, as {@code PUT /ml/models/{id}/retraining} takes it and as it is
 * stored: the triggers ({@code driftShare}, {@code accuracyFloor} with {@code minFeedback}, both
 * over {@code window}; {@code schedule}), whether to add the feedback-labelled predictions to the
 * training data, what to do with the new version ({@code promotion} on {@code metric}, better by
 * at least {@code minImprovement}), and the {@code cooldown} between two triggers. A field left out
 * takes its default; a trigger left out does not fire.
 *
 * @param driftShare     retrain when the share of drifted inputs over {@code window} reaches it (0 to 1)
 * @param accuracyFloor  retrain when live accuracy over {@code window} is below it, with at least {@code minFeedback} rows
 * @param schedule       a Unix cron expression in UTC ({@link CronSchedule})
 * @param minImprovement how much better than the champion on {@code metric} the new version must be (0: any better)
 */
public record RetrainingPolicy(Boolean enabled, Double driftShare, Double accuracyFloor, String window, Integer minFeedback,
                               String schedule, Boolean includeFeedback, String promotion, String metric, Double minImprovement,
                               String cooldown) {
    static final String DEFAULT_WINDOW = "24h";
    static final int DEFAULT_MIN_FEEDBACK = 100;
    static final String DEFAULT_COOLDOWN = "6h";
    static final String DEFAULT_METRIC = "accuracy";
    /** The metrics a new version may be compared on; log loss is the one where lower is better. */
    static final Set<String> METRICS = Set.of("accuracy", "f1", "macro_f1", "weighted_f1", "precision", "recall", "roc_auc",
            "pr_auc", "log_loss");
    static final Duration LONGEST = Duration.ofDays(30);
    static final int MAX_MIN_FEEDBACK = 1_000_000;
    private static final Pattern SPAN = Pattern.compile("([0-9]{1,6})([mhd])");
    private static final int SCHEDULE_LENGTH = 200;

    /** The defaults in place of what was left out. */
    public RetrainingPolicy {
        enabled = enabled == null || enabled;
        window = window == null ? DEFAULT_WINDOW : window.strip();
        minFeedback = minFeedback == null ? DEFAULT_MIN_FEEDBACK : minFeedback;
        schedule = schedule == null || schedule.isBlank() ? null : schedule.strip();
        includeFeedback = includeFeedback != null && includeFeedback;
        promotion = promotion == null ? Promotion.IF_BETTER.wire() : promotion.strip();
        metric = metric == null ? DEFAULT_METRIC : metric.strip();
        minImprovement = minImprovement == null ? 0.0 : minImprovement;
        cooldown = cooldown == null ? DEFAULT_COOLDOWN : cooldown.strip();
    }

    /** The policy of a model that has none: only {@code run} retrains it, on its dataset alone, promoted if better. */
    static RetrainingPolicy defaults() {
        return new RetrainingPolicy(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Every bad field, by name, for {@code model}. */
    void check(FieldErrors errors, RegisteredModel model) {
        share(errors, "driftShare", driftShare);
        share(errors, "accuracyFloor", accuracyFloor);
        Duration w = span(window);
        if (w == null || w.isZero()) {
            errors.add("window", "give a span such as 15m, 1h, 24h or 7d (minutes m, hours h or days d), from 1m to "
                    + LONGEST.toDays() + "d; got '" + window + "'");
        }
        errors.integer("minFeedback", minFeedback, 1, MAX_MIN_FEEDBACK);
        if (schedule != null && errors.name("schedule", schedule, SCHEDULE_LENGTH)) {
            CronSchedule.problem(schedule).ifPresent(p -> errors.add("schedule", p));
        }
        if (!Promotion.WIRES.contains(promotion)) {
            errors.add("promotion", "must be one of " + Promotion.WIRES + "; got '" + promotion + "'");
        } else if (promotionRule() != Promotion.NEVER && model.targetVariable() == null) {
            errors.add("promotion", "model " + model.modelName() + " has no targetVariable: versions without labels cannot be"
                    + " compared; use never");
        }
        if (!METRICS.contains(metric)) {
            errors.add("metric", "must be one of " + new java.util.TreeSet<>(METRICS) + "; got '" + metric + "'");
        }
        errors.number("minImprovement", minImprovement, 0, 1);
        if (span(cooldown) == null) {
            errors.add("cooldown", "give a span such as 0m, 30m, 6h or 1d (minutes m, hours h or days d), at most "
                    + LONGEST.toDays() + "d; got '" + cooldown + "'");
        }
        if (includeFeedback && model.targetVariable() == null) {
            errors.add("includeFeedback", "model " + model.modelName() + " has no targetVariable: feedback labels have no column"
                    + " to go in");
        }
    }

    private static void share(FieldErrors errors, String field, Double value) {
        if (value != null && !(value > 0 && value <= 1)) {
            errors.add(field, "must be a number above 0 and at most 1; got " + value);
        }
    }

    /** {@code <n>m}, {@code <n>h} or {@code <n>d} up to {@link #LONGEST}; null otherwise. */
    static Duration span(String text) {
        Matcher m = text == null ? null : SPAN.matcher(text);
        if (m == null || !m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        Duration length = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        return length.compareTo(LONGEST) <= 0 ? length : null;
    }

    @JsonIgnore
    Duration windowLength() {
        return span(window);
    }

    @JsonIgnore
    Duration cooldownLength() {
        return span(cooldown);
    }

    @JsonIgnore
    Promotion promotionRule() {
        return Promotion.parse(promotion);
    }

    /** Whether a higher {@code metric} is better (all but log loss). */
    @JsonIgnore
    boolean higherIsBetter() {
        return !metric.equals("log_loss");
    }

    /** The triggers this policy sets, by name, for the answer. */
    @JsonIgnore
    List<String> triggers() {
        List<String> on = new java.util.ArrayList<>();
        if (driftShare != null) on.add("driftShare");
        if (accuracyFloor != null) on.add("accuracyFloor");
        if (schedule != null) on.add("schedule");
        return on;
    }
}
