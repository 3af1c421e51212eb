package io.vigil.server.monitoring.alerts;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a rule watches, with its defaults: what its {@code threshold} means and may be, the window
 * it judges, the fewest observations a verdict needs, and the severity of its alerts.
 */
public enum RuleKind {
    /** The share of a model's inputs that drifted (the last scheduled drift evaluation) reaches the threshold. */
    DRIFT_SHARE("drift_share", 0.5, 0, 1, "a share of inputs, above 0 and at most 1", "1h", 0, Severity.WARNING),
    /**
     * Live accuracy from feedback is more than {@code threshold} (0.05 = 5 points) below the
     * version's validation accuracy, or below {@code floor}.
     */
    ACCURACY_DROP("accuracy_drop", 0.05, 0, 1, "points of accuracy as a fraction (0.05 = 5 points), above 0 and at most 1",
            "24h", 30, Severity.WARNING),
    /** The share of prediction requests answered with a server error reaches the threshold: the server's, not a model's. */
    ERROR_RATE("error_rate", 0.05, 0, 1, "a share of requests, above 0 and at most 1", "15m", 20, Severity.CRITICAL),
    /** The p99 of a model's server time per prediction reaches the threshold, in milliseconds. */
    LATENCY_P99("latency_p99", 250, 0, 600_000, "milliseconds, above 0 and at most 600000", "15m", 20, Severity.WARNING),
    /**
     * The Jensen-Shannon distance between the window's predicted-class mix and its baseline (the
     * training rows' predictions, or the window before) reaches the threshold.
     */
    CLASS_MIX_SHIFT("class_mix_shift", 0.1, 0, 1, "a Jensen-Shannon distance, above 0 and at most 1", "1h", 100, Severity.WARNING),
    /**
     * A prediction of an attack class (not the model's normal one, or one of {@code classes}) with
     * a confidence of at least the threshold: a security alert. Watched on the prediction log's
     * thread; its alert resolves once no such prediction came for a window.
     */
    THREAT_PREDICTION("threat_prediction", 0.9, 0, 1, "a confidence from 0 to 1", "15m", 0, Severity.CRITICAL),
    /**
     * An A/B test or shadow comparison was decided: a challenger promoted, stopped or found
     * inconclusive, or a significant difference that no automatic rule acts on. No threshold: each
     * decision fires. Its alert resolves once no decision came for a window.
     */
    EXPERIMENT_DECISION("experiment_decision", 0, 0, 0, "none", "1h", 0, Severity.INFO),
    /**
     * A retraining trigger fired (drift, accuracy, schedule, a person) or its training was decided:
     * promoted, kept the champion, started a challenger, failed. No threshold: each one fires. Its
     * alert resolves once none came for a window.
     */
    RETRAINING("retraining", 0, 0, 0, "none", "1h", 0, Severity.INFO);

    private final String wire;
    private final double defaultThreshold;
    private final double above;
    private final double atMost;
    private final String thresholdMeaning;
    private final String defaultWindow;
    private final int defaultMinSamples;
    private final Severity defaultSeverity;

    RuleKind(String wire, double defaultThreshold, double above, double atMost, String thresholdMeaning, String defaultWindow,
             int defaultMinSamples, Severity defaultSeverity) {
        this.wire = wire;
        this.defaultThreshold = defaultThreshold;
        this.above = above;
        this.atMost = atMost;
        this.thresholdMeaning = thresholdMeaning;
        this.defaultWindow = defaultWindow;
        this.defaultMinSamples = defaultMinSamples;
        this.defaultSeverity = defaultSeverity;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<RuleKind> parse(String text) {
        return text == null ? Optional.empty()
                : Arrays.stream(values()).filter(k -> k.wire.equals(text.strip().toLowerCase(Locale.ROOT))).findFirst();
    }

    static String names() {
        return String.join(", ", Arrays.stream(values()).map(RuleKind::wire).toList());
    }

    /** {@code security} for a threat prediction (an attack seen), {@code model} for the health of a model or the server. */
    public String category() {
        return this == THREAT_PREDICTION ? "security" : "model";
    }

    /**
     * Whether its rules fire as things happen (a prediction recorded, a decision taken) rather than
     * being judged in the evaluation rounds; their alerts resolve after a window with none.
     */
    public boolean fired() {
        return this == THREAT_PREDICTION || this == EXPERIMENT_DECISION || this == RETRAINING;
    }

    /** Whether its rules compare something with a threshold (the happenings' kinds other than threats do not). */
    boolean hasThreshold() {
        return this != EXPERIMENT_DECISION && this != RETRAINING;
    }

    /** What a rule of a {@link #fired} kind saw, as a resolution names it: "no threat prediction for 15m". */
    String happening() {
        return switch (this) {
            case THREAT_PREDICTION -> "threat prediction";
            case EXPERIMENT_DECISION -> "experiment decision";
            case RETRAINING -> "retraining";
            default -> wire;
        };
    }

    /** Whether a rule of this kind watches the server as a whole: it names no model, and its alerts none. */
    public boolean serverWide() {
        return this == ERROR_RATE;
    }

    /** Whether a rule of this kind needs a verdict from enough observations ({@code minSamples}). */
    boolean countsSamples() {
        return defaultMinSamples > 0;
    }

    double defaultThreshold() {
        return defaultThreshold;
    }

    boolean thresholdFits(double value) {
        // a confidence of 0 is a threshold too: every attack prediction
        return hasThreshold() && (value > above || this == THREAT_PREDICTION && value == above) && value <= atMost;
    }

    String thresholdMeaning() {
        return thresholdMeaning;
    }

    /**
     * How long after an alert resolves before the same model's next: 30 minutes (one incident is one
     * alert), none for decisions (each is news of its own).
     */
    String defaultCooldown() {
        return hasThreshold() ? "30m" : "0";
    }

    String defaultWindow() {
        return defaultWindow;
    }

    int defaultMinSamples() {
        return defaultMinSamples;
    }

    Severity defaultSeverity() {
        return defaultSeverity;
    }
}
