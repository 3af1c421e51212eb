package io.vigil.server.monitoring.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One arm's feedback: labelled predictions, how many were right, and the attack class's true
 * positives, false positives and false negatives (an attack is the positive class). Each metric is
 * a proportion of its own rows: accuracy of all, precision of the predicted attacks, recall of the
 * true attacks; F1 is a ratio of the counts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArmCounts(long feedback, long correct, long truePositives, long falsePositives, long falseNegatives) {
    static final ArmCounts NONE = new ArmCounts(0, 0, 0, 0, 0);

    ArmCounts plus(long rows, boolean right, boolean predictedAttack, boolean actualAttack) {
        return new ArmCounts(feedback + rows, correct + (right ? rows : 0), truePositives + (predictedAttack && actualAttack ? rows : 0),
                falsePositives + (predictedAttack && !actualAttack ? rows : 0), falseNegatives + (!predictedAttack && actualAttack ? rows : 0));
    }

    /** The rows {@code metric} is a proportion of (for F1, the rows that enter it: TP + FP + FN). */
    long trials(PrimaryMetric metric) {
        return switch (metric) {
            case ACCURACY -> feedback;
            case PRECISION -> truePositives + falsePositives;
            case RECALL -> truePositives + falseNegatives;
            case F1 -> truePositives + falsePositives + falseNegatives;
        };
    }

    /** Of {@link #trials}, the successes (accuracy: right; precision and recall: true positives). */
    long successes(PrimaryMetric metric) {
        return metric == PrimaryMetric.ACCURACY ? correct : truePositives;
    }

    /** The metric's value; null when it has no rows yet. */
    Double value(PrimaryMetric metric) {
        long n = trials(metric);
        if (n == 0) {
            return null;
        }
        return metric == PrimaryMetric.F1 ? f1() : (double) successes(metric) / n;
    }

    @JsonProperty
    Double accuracy() {
        return value(PrimaryMetric.ACCURACY);
    }

    @JsonProperty
    Double precision() {
        return value(PrimaryMetric.PRECISION);
    }

    @JsonProperty
    Double recall() {
        return value(PrimaryMetric.RECALL);
    }

    @JsonProperty("f1")
    Double f1Value() {
        return value(PrimaryMetric.F1);
    }

    double f1() {
        double d = 2.0 * truePositives + falsePositives + falseNegatives;
        return d == 0 ? 0 : 2.0 * truePositives / d;
    }
}
