package io.vigil.server.monitoring.health;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * One named check of a model's health: what was observed, the thresholds it was judged by, and
 * its verdict. A figure that cannot be known (no feedback yet, too few predictions) is
 * {@code unknown} with its reason: it counts neither as good nor as bad.
 *
 * @param observed   the figure (a number, or true/false), null when unknown
 * @param degradedAt the figure from which the check is degraded (below which, for an accuracy), null if it has none
 * @param failingAt  the figure from which it is failing
 * @param basis      what the figure rests on: the window, how many observations, whose figure
 * @param reason     why it is unknown, or what it means
 */
public record HealthCheck(String check, Verdict status, Object observed, Double degradedAt, Double failingAt, String basis,
                          String reason) {
    public static final String LOADED = "loaded";
    public static final String ERROR_RATE = "error_rate";
    public static final String LATENCY_P99 = "latency_p99";
    public static final String DRIFT_SHARE = "drift_share";
    public static final String LIVE_ACCURACY = "live_accuracy";

    /** A check's verdict. {@code info}: reported, never judged (whether the model is loaded here). */
    public enum Verdict {
        OK, DEGRADED, FAILING, UNKNOWN, INFO;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static HealthCheck unknown(String check, Double degradedAt, Double failingAt, String basis, String reason) {
        return new HealthCheck(check, Verdict.UNKNOWN, null, degradedAt, failingAt, basis, reason);
    }

    /** {@code value} judged against thresholds that a higher figure crosses. */
    static HealthCheck atMost(String check, double value, double degradedAt, double failingAt, String basis) {
        Verdict v = value >= failingAt ? Verdict.FAILING : value >= degradedAt ? Verdict.DEGRADED : Verdict.OK;
        return new HealthCheck(check, v, value, degradedAt, failingAt, basis, null);
    }
}
