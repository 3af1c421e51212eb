package io.vigil.engine.algorithms;

import java.util.Arrays;
import java.util.List;

/**
 * One prediction.
 *
 * @param classIndex    index of the predicted class in the model's classes
 * @param label         the predicted class
 * @param probabilities probability per class (for detectors: {@code [1 - score, score]})
 * @param margins       raw outputs before the link function: one for binary models and detectors,
 *                      one per class for multiclass models
 * @param score         probability of the positive (last) class, or the anomaly score
 */
public record Prediction(int classIndex, String label, double[] probabilities, double[] margins, double score) {

    /** The margin of a binary model (log-odds of the positive class), or of the predicted class. */
    public double margin() {
        return margins.length == 1 ? margins[0] : margins[classIndex];
    }

    public double probability(String className, List<String> classes) {
        return probabilities[classes.indexOf(className)];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction p && p.classIndex == classIndex && p.label.equals(label)
                && Arrays.equals(p.probabilities, probabilities) && Arrays.equals(p.margins, margins)
                && Double.compare(p.score, score) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * label.hashCode() + Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
        return "Prediction[" + label + ", p=" + Arrays.toString(probabilities) + ", margins=" + Arrays.toString(margins)
                + ", score=" + score + "]";
    }
}
