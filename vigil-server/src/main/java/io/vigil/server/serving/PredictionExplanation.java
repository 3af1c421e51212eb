package io.vigil.server.serving;

import java.util.List;

/**
 * Why the model answered as it did: the margin (log-odds for classifiers) of {@code explainedClass}
 * is {@code bias} plus the sum of every input's contribution; {@code contributions} holds the
 * {@code topK} largest by size. One-hot features are summed back into the input they came from.
 */
public record PredictionExplanation(String explainedClass, double bias, double margin, List<Contribution> contributions) {

    /** One input: the value it was given and how far it pushed the margin. */
    public record Contribution(String feature, Object value, double contribution) {}
}
