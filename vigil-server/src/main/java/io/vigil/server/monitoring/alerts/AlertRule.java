package io.vigil.server.monitoring.alerts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A rule that raises alerts, as stored and as the API shows it, every setting filled in (what a
 * request left out has its kind's default).
 *
 * @param modelId    the one model it watches; null with {@code modelName} null: every deployed model
 * @param modelName  that model's name (a rule of the configuration names its model by name only)
 * @param threshold  what its kind compares with ({@link RuleKind})
 * @param floor      {@code accuracy_drop} only: an accuracy below which it fires whatever the validation's
 * @param classes    {@code threat_prediction} only: the attack classes; empty: every class but the model's normal one
 * @param baseline   {@code class_mix_shift} only: {@code reference} (the training rows' predictions) or {@code previous} (the window before)
 * @param window     how far back it judges ({@code 15m}, {@code 1h}, {@code 24h}...); for a threat, how long without one before its alert resolves
 * @param minSamples the fewest observations (feedback rows, requests, predictions) a verdict needs; fewer is no verdict
 * @param cooldown   how long after an alert of it resolves before the same model's next alert
 * @param channels   the channels its alerts are sent to (ids)
 * @param source     {@code api}, or {@code config}: from {@code alerts.rules}, changed only there
 */
public record AlertRule(UUID id, String name, RuleKind kind, UUID modelId, String modelName, double threshold, Double floor,
                        List<String> classes, String baseline, String window, int minSamples, Severity severity, String cooldown,
                        List<UUID> channels, boolean enabled, String description, String source, String createdBy,
                        Instant createdAt, String updatedBy, Instant updatedAt) {
    public static final String FROM_API = "api";
    public static final String FROM_CONFIG = "config";
    static final String BASELINE_REFERENCE = "reference";
    static final String BASELINE_PREVIOUS = "previous";

    public AlertRule {
        classes = classes == null ? List.of() : List.copyOf(classes);
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    /** Whether it watches every deployed model (or, for a server-wide kind, the server). */
    @JsonIgnore
    public boolean global() {
        return modelId == null && modelName == null;
    }

    @JsonIgnore
    public boolean fromConfig() {
        return FROM_CONFIG.equals(source);
    }

    @JsonIgnore
    Duration windowLength() {
        return Spans.of(window, false);
    }

    @JsonIgnore
    Duration cooldownLength() {
        return Spans.of(cooldown, true);
    }

    /** The same rule as written at {@code at} (a rule of the configuration, at each start). */
    AlertRule writtenAt(Instant at) {
        return new AlertRule(id, name, kind, modelId, modelName, threshold, floor, classes, baseline, window, minSamples, severity,
                cooldown, channels, enabled, description, source, createdBy, at, updatedBy, at);
    }

    /** The settings kept as one JSON column. */
    RuleSettings settings() {
        return new RuleSettings(threshold, floor, classes, baseline, window, minSamples, cooldown);
    }

    /** The stored form of a rule's kind-specific settings ({@code alert_rules.settings}). */
    record RuleSettings(double threshold, Double floor, List<String> classes, String baseline, String window, int minSamples,
                        String cooldown) {}
}
