package io.vigil.engine.evaluation;

import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.ScoredRows;
import io.vigil.engine.algorithms.Scorer;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.features.FeatureMatrix;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What can be measured of an anomaly detector on rows without labels: how many it flags, and how
 * its scores spread. Teams often train detectors on traffic nobody labelled (a Zeek conn.log);
 * the flagged fraction on held-out data is then the alert volume to expect.
 *
 * @param rows        rows scored
 * @param flagged     rows the detector's threshold calls {@code anomaly}
 * @param meanScore   mean anomaly score
 * @param medianScore median anomaly score
 * @param p99Score    99th percentile of the anomaly score (nearest rank)
 */
public record DetectionSummary(int rows, int flagged, double meanScore, double medianScore, double p99Score) {

    public static DetectionSummary of(Model model, FeatureMatrix x) {
        if (model.task() != Task.ANOMALY_DETECTION) {
            throw new IllegalArgumentException("a " + model.algorithm() + " model needs labels to be evaluated");
        }
        ScoredRows scored = Scorer.score(model, x);
        double[] scores = Arrays.copyOf(scored.anomalyScores(), scored.rows());
        int flagged = 0;
        for (int r = 0; r < scored.rows(); r++) {
            if (scored.isAnomaly(r)) {
                flagged++;
            }
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return new DetectionSummary(n, flagged, n == 0 ? Double.NaN : Arrays.stream(scores).average().orElse(Double.NaN),
                rank(sorted, 0.5), rank(sorted, 0.99));
    }

    private static double rank(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    public double anomalyRate() {
        return rows == 0 ? Double.NaN : (double) flagged / rows;
    }

    /** Headline figures by name, as a registry stores metrics. */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("anomaly_rate", anomalyRate());
        m.put("mean_score", meanScore);
        m.put("median_score", medianScore);
        m.put("p99_score", p99Score);
        m.put("rows", (double) rows);
        return m;
    }
}
