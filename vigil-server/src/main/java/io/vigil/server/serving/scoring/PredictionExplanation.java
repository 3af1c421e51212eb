package io.vigil.server.serving.scoring;

import java.util.List;

/**
 * Why the model answered as it did: the margin of {@code explainedClass} is {@code bias} plus the
 * sum of every input's contribution; {@code contributions} holds the {@code topK} largest by size
 * (inputs that did not move the margin at all are not listed).
 * One-hot features are summed back into the input they came from. {@code marginOf} says what the
 * margin is: "log-odds" (classifiers), "-E(h)" (isolation forests) or "anomaly score" (z-score,
 * IQR, MAD).
 */
public record PredictionExplanation(String explainedClass, String marginOf, double bias, double margin,
                                    List<Contribution> contributions) {

    /** One input: the value it was given and how far it pushed the margin. */
    public record Contribution(String feature, Object value, double contribution) {}
}
