package io.vigil.engine.classifiers;

import io.vigil.engine.algorithms.AlgorithmProvider;
import io.vigil.engine.algorithms.Trainer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Registers {@code gbm}, {@code random_forest} and {@code logistic_regression} with the engine's {@code Algorithms};
 * {@code gbm} is also what users of XGBoost and scikit-learn call {@code xgboost} and {@code gradient_boosting}.
 */
public final class ClassifierAlgorithms implements AlgorithmProvider {

    @Override
    public Map<String, Supplier<Trainer>> trainers() {
        Map<String, Supplier<Trainer>> out = new LinkedHashMap<>();
        out.put(GradientBoostingTrainer.NAME, GradientBoostingTrainer::new);
        out.put(RandomForestTrainer.NAME, RandomForestTrainer::new);
        out.put(LogisticRegressionTrainer.NAME, LogisticRegressionTrainer::new);
        return out;
    }

    @Override
    public Map<String, String> aliases() {
        return Map.of("xgboost", GradientBoostingTrainer.NAME, "gradient_boosting", GradientBoostingTrainer.NAME);
    }

    @Override
    public int listingOrder() {
        return 0;
    }
}
