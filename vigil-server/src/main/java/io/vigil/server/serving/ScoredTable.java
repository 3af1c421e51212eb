package io.vigil.server.serving;

import java.util.List;
import java.util.UUID;

/**
 * A table's rows, scored: for row r its class index, its probabilities at {@code r * classes},
 * the anomaly score for detectors (else null) and the id {@code Uuids.inBlock(firstId, r)}.
 */
record ScoredTable(ModelRef model, UUID firstId, List<String> classes, int[] classIndex, double[] probabilities,
                   double[] anomalyScores) {

    /** No rows: every record of a batch was refused. */
    static ScoredTable none(LoadedModel model) {
        return new ScoredTable(model.ref(), null, model.trained().classes(), new int[0], new double[0],
                model.isDetector() ? new double[0] : null);
    }

    int rows() {
        return classIndex.length;
    }

    String label(int row) {
        return classes.get(classIndex[row]);
    }

    /** The probability of the predicted class. */
    double confidence(int row) {
        return probabilities[row * classes.size() + classIndex[row]];
    }
}
