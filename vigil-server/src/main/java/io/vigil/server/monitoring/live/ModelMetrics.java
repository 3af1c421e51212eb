package io.vigil.server.monitoring.live;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The answer of {@code GET /ml/models/{id}/metrics}: what one model version predicted over a
 * window, and how right it was where feedback says. A figure that could not be computed is null,
 * with the reason beside it; never a made-up zero.
 *
 * @param deployed   whether this version is the model's deployed one
 * @param feedback   predictions of the window with feedback, the rows {@code live} rests on
 *                   (the newest {@value LiveMetrics#MAX_EVALUATED} if there are more; {@code live.evaluated} says how many)
 * @param validation the version's own figures, for comparison
 */
public record ModelMetrics(UUID modelId, String modelName, String modelType, int version, boolean deployed, String window,
                           Instant from, Instant to, Volume volume, Latency latency, Map<String, Long> classes,
                           List<ConfidenceBin> confidence, long feedback, LiveEvaluation.Figures live, Validation validation,
                           Series series) {

    /**
     * @param predictions the predictions made: {@code recorded} plus {@code unrecorded}
     * @param recorded    those the prediction log kept: the class, confidence and latency figures are theirs
     * @param unrecorded  those the log left out under overload (sampled, or a full queue)
     * @param requests    the scoring calls that made the recorded ones (a single prediction, or a batch)
     * @param perMinute   predictions per minute over the window
     */
    public record Volume(long predictions, long recorded, long unrecorded, long requests, double perMinute) {}

    /**
     * Server time per prediction (validation, encoding, scoring; a batch's time shared by its
     * predictions), read from histogram bins 26 % wide.
     *
     * @param measured predictions the percentiles rest on
     */
    public record Latency(long measured, Double p50Ms, Double p95Ms, Double p99Ms, String reason) {}

    /** Predictions whose label had a probability from {@code from} (included) to {@code to}. */
    public record ConfidenceBin(double from, double to, long predictions) {}

    /**
     * @param training   the figures measured when the version was trained (its hold-out)
     * @param validation the figures of its last {@code validate}, or null if it was never validated
     */
    public record Validation(Map<String, Double> training, Map<String, Double> validation, Instant validatedAt) {}

    /** The window in steps of {@code bucket}: every step, empty ones included. */
    public record Series(String bucket, List<Point> points) {}

    /**
     * One step: predictions made, their p99 latency, feedback on them and its accuracy (null
     * where there was nothing to measure).
     */
    public record Point(Instant at, long predictions, Double latencyP99Ms, long feedback, Double accuracy) {}

    /** The answer of {@code GET /ml/metrics}: every deployed model's deployed version over one window. */
    public record All(String window, Instant from, Instant to, List<ModelMetrics> models) {}
}
