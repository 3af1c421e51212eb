package io.vigil.server.monitoring.health;

/**
 * What a model's health is judged by ({@code health.*}).
 *
 * @param window               the span of the error rate and the latency ({@code 15m})
 * @param accuracyWindow       the span of live accuracy: feedback comes later than predictions ({@code 24h})
 * @param errorRateDegraded    share of prediction requests answered 5xx from which health is degraded
 * @param errorRateFailing     ... failing
 * @param latencyP99DegradedMs p99 of a prediction's server time from which health is degraded
 * @param latencyP99FailingMs  ... failing
 * @param driftShareDegraded   share of drifted inputs (the last drift evaluation) from which health is degraded
 * @param driftShareFailing    ... failing
 * @param accuracyDropDegraded points of live accuracy under the validation accuracy from which health is degraded (0.05 = 5 points)
 * @param accuracyDropFailing  ... failing
 * @param minPredictions       requests (error rate) and predictions (latency) under which those figures are unknown
 * @param minFeedback          feedback rows under which live accuracy is unknown
 */
public record HealthThresholds(String window, String accuracyWindow, double errorRateDegraded, double errorRateFailing,
                               double latencyP99DegradedMs, double latencyP99FailingMs, double driftShareDegraded,
                               double driftShareFailing, double accuracyDropDegraded, double accuracyDropFailing, int minPredictions,
                               int minFeedback) {
    public static final HealthThresholds DEFAULTS = new HealthThresholds("15m", "24h", 0.01, 0.05, 250, 1000, 0.25, 0.5, 0.05, 0.15,
            20, 30);
}
