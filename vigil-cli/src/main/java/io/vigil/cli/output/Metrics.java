package io.vigil.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Metric names in reading order: the usual headline metrics first, then the rest alphabetically. */
public final class Metrics {
    private static final List<String> HEADLINE = List.of(
            "accuracy", "precision", "recall", "f1", "roc_auc", "pr_auc", "macro_f1", "weighted_f1", "log_loss");

    private Metrics() {}

    /** The field names of one or more metrics objects, in reading order, without duplicates. */
    public static List<String> across(List<JsonNode> metricsObjects) {
        List<String> names = new ArrayList<>();
        for (JsonNode metrics : metricsObjects) {
            metrics.fieldNames().forEachRemaining(name -> {
                if (!names.contains(name)) names.add(name);
            });
        }
        names.sort(Comparator.comparingInt((String name) -> {
            int rank = HEADLINE.indexOf(name);
            return rank < 0 ? HEADLINE.size() : rank;
        }).thenComparing(Comparator.naturalOrder()));
        return names;
    }

    public static List<String> ordered(JsonNode... metricsObjects) {
        return across(List.of(metricsObjects));
    }
}
