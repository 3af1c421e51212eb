package io.vigil.server.models;

import io.vigil.engine.evaluation.EvaluationReport;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.RequestLimits;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Hyperparameter search before a training: {@code grid} tries every combination of {@code space},
 * {@code random} draws {@code trials} of them; each candidate is scored by {@code metric} over
 * stratified {@code folds}-fold cross-validation on the training part, and the best one is trained.
 */
public record Tuning(String method, Map<String, List<Object>> space, Integer trials, Integer folds, String metric) {

    /** The same search over {@code other}: its hyperparameters under the algorithm's own names, say. */
    Tuning withSpace(Map<String, List<Object>> other) {
        return new Tuning(method, other, trials, folds, metric);
    }
    static final Set<String> METRICS = Set.of("accuracy", "f1", "macro_f1", "weighted_f1", "roc_auc", "pr_auc", "log_loss");
    static final int MAX_CANDIDATES = 200;

    public String methodOrDefault() {
        return method == null ? "grid" : method.toLowerCase(Locale.ROOT);
    }

    public int foldsOrDefault() {
        return folds == null ? 3 : folds;
    }

    public int trialsOrDefault() {
        return trials == null ? 10 : trials;
    }

    public String metricOrDefault() {
        return metric == null ? "roc_auc" : metric;
    }

    /** Higher is better for the search: log loss is negated. */
    ToDoubleFunction<EvaluationReport> score() {
        String name = metricOrDefault();
        return name.equals("log_loss") ? r -> -r.logLoss() : r -> r.summary().getOrDefault(name, Double.NaN);
    }

    void check(FieldErrors errors) {
        if (!Set.of("grid", "random").contains(methodOrDefault())) {
            errors.add("tuning.method", "must be grid or random");
        }
        if (space == null || space.isEmpty() || space.values().stream().anyMatch(v -> v == null || v.isEmpty())) {
            errors.add("tuning.space", "give each searched hyperparameter a non-empty list of values");
        } else if (errors.size("tuning.space", space, RequestLimits.TUNED_HYPERPARAMETERS)
                && errors.storable("tuning.space", space)) {
            space.forEach((name, values) -> errors.size("tuning.space." + name, values, MAX_CANDIDATES));
            if (methodOrDefault().equals("grid")
                    // capped as it goes: 20 lists of 200 values would overflow a long
                    && space.values().stream().mapToLong(List::size).reduce(1, (a, b) -> Math.min(a * b, MAX_CANDIDATES + 1))
                    > MAX_CANDIDATES) {
                errors.add("tuning.space", "the grid has more than " + MAX_CANDIDATES + " combinations; use random");
            }
        }
        if (foldsOrDefault() < 2 || foldsOrDefault() > 10) {
            errors.add("tuning.folds", "must be from 2 to 10");
        }
        if (trialsOrDefault() < 1 || trialsOrDefault() > MAX_CANDIDATES) {
            errors.add("tuning.trials", "must be from 1 to " + MAX_CANDIDATES);
        }
        if (!METRICS.contains(metricOrDefault())) {
            errors.add("tuning.metric", "must be one of " + new java.util.TreeSet<>(METRICS));
        }
    }
}
