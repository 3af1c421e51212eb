package io.vigil.engine.anomaly;

import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.Task;
import java.util.List;

/**
 * Base of anomaly detectors: one margin (the anomaly score in [0, 1]), probabilities
 * {@code [1 - score, score]}, and a record is an anomaly when its score reaches the threshold.
 */
public abstract class DetectorModel implements Model {
    public static final List<String> CLASSES = List.of("normal", "anomaly");

    protected final double threshold;

    protected DetectorModel(double threshold) {
        this.threshold = threshold;
    }

    /** Scores at or above this are anomalies. */
    public double threshold() {
        return threshold;
    }

    /** The anomaly score of one row, in [0, 1]. */
    public abstract double score(float[] data, int offset);

    @Override public Task task() { return Task.ANOMALY_DETECTION; }
    @Override public List<String> classes() { return CLASSES; }
    @Override public int marginCount() { return 1; }

    @Override
    public void margins(float[] data, int offset, double[] out) {
        out[0] = score(data, offset);
    }

    @Override
    public void probabilities(double[] margins, double[] out) {
        out[0] = 1 - margins[0];
        out[1] = margins[0];
    }

    @Override
    public int decide(double[] probabilities) {
        return probabilities[1] >= threshold ? 1 : 0;
    }
}
