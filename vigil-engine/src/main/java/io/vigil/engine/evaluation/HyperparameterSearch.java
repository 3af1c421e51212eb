package io.vigil.engine.evaluation;

import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.algorithms.TrainingProgress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Grid or random search over a declared space of hyperparameter values, each candidate scored
 * by the mean of a metric over stratified k-fold cross-validation (higher is better).
 * Early stopping for boosting is a hyperparameter of the trainer ({@code early_stopping_rounds}),
 * so it can be fixed in {@code base} or searched like any other value.
 */
public final class HyperparameterSearch {
    private HyperparameterSearch() {
    }

    /** One candidate and its cross-validated score. */
    public record Trial(Map<String, Object> params, double score) {
    }

    /** All trials, best first. */
    public record Result(List<Trial> trials) {
        public Trial best() {
            return trials.get(0);
        }
    }

    /** Every combination of {@code space} values on top of {@code base}. */
    public static Result grid(Trainer trainer, Map<String, ?> base, Map<String, List<?>> space, TrainingData data, int folds,
                              ToDoubleFunction<EvaluationReport> metric, TrainingContext context) {
        List<Map<String, Object>> candidates = new ArrayList<>();
        candidates.add(new LinkedHashMap<>(base));
        for (Map.Entry<String, List<?>> axis : space.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> c : candidates) {
                for (Object value : axis.getValue()) {
                    Map<String, Object> m = new LinkedHashMap<>(c);
                    m.put(axis.getKey(), value);
                    next.add(m);
                }
            }
            candidates = next;
        }
        return evaluate(trainer, candidates, data, folds, metric, context);
    }

    /** {@code trials} candidates, each value drawn uniformly from its list in {@code space}. */
    public static Result random(Trainer trainer, Map<String, ?> base, Map<String, List<?>> space, int trials, TrainingData data,
                                int folds, ToDoubleFunction<EvaluationReport> metric, TrainingContext context) {
        SplittableRandom random = new SplittableRandom(context.seed());
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            Map<String, Object> m = new LinkedHashMap<>(base);
            space.forEach((name, values) -> m.put(name, values.get(random.nextInt(values.size()))));
            candidates.add(m);
        }
        return evaluate(trainer, candidates, data, folds, metric, context);
    }

    private static Result evaluate(Trainer trainer, List<Map<String, Object>> candidates, TrainingData data, int folds,
                                   ToDoubleFunction<EvaluationReport> metric, TrainingContext context) {
        List<Hyperparameters> validated = candidates.stream().map(trainer::validate).toList(); // fail before any training
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < validated.size(); i++) {
            context.cancellation().check();
            double score = CrossValidation.run(trainer, validated.get(i), data, folds, context).mean(metric);
            trials.add(new Trial(candidates.get(i), score));
            context.listener().onProgress(new TrainingProgress((i + 1.0) / validated.size(), i + 1,
                    validated.size(), "candidate " + (i + 1) + "/" + validated.size()));
        }
        trials.sort(Comparator.comparingDouble(Trial::score).reversed());
        return new Result(trials);
    }
}
