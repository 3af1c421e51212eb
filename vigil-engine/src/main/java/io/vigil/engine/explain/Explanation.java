package io.vigil.engine.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Per-prediction contributions to one margin: {@code bias + sum(contributions) == margin}.
 *
 * @param features       encoded feature names, parallel to {@code contributions}
 * @param contributions  each feature's push on the margin (log-odds for classifiers)
 * @param bias           the expected margin (what a row with no information would get)
 * @param margin         the row's margin
 */
public record Explanation(List<String> features, double[] contributions, double bias, double margin) {

    /** One named contribution. */
    public record Contribution(String feature, double value) {
    }

    /** The {@code n} largest contributions by absolute value, largest first. */
    public List<Contribution> top(int n) {
        List<Contribution> all = new ArrayList<>();
        for (int i = 0; i < contributions.length; i++) all.add(new Contribution(features.get(i), contributions[i]));
        all.sort(Comparator.comparingDouble((Contribution c) -> Math.abs(c.value())).reversed());
        return all.subList(0, Math.min(n, all.size()));
    }
}
