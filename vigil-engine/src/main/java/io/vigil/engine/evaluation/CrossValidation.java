package io.vigil.engine.evaluation;

import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import java.util.ArrayList;
import java.util.List;

/** Stratified k-fold cross-validation of one trainer and hyperparameter setting on encoded data. */
public final class CrossValidation {
    private CrossValidation() {
    }

    /** Per-fold reports plus the mean of a chosen metric. */
    public record Result(List<EvaluationReport> folds) {
        public double mean(java.util.function.ToDoubleFunction<EvaluationReport> metric) {
            return folds.stream().mapToDouble(metric).average().orElse(Double.NaN);
        }
    }

    public static Result run(Trainer trainer, Hyperparameters params, TrainingData data, int k, TrainingContext context) {
        List<EvaluationReport> reports = new ArrayList<>();
        for (Splits.Split split : Splits.kFold(data.labels(), k, context.seed())) {
            TrainingData train = data.select(split.train());
            TrainingData test = data.select(split.test());
            Model model = trainer.train(train, params, context.withListener(p -> { }));
            reports.add(Evaluator.evaluate(model, test.features(), test.labels()));
        }
        return new Result(reports);
    }
}
