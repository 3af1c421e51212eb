package io.vigil.engine.anomaly;

import io.vigil.engine.algorithms.AlgorithmProvider;
import io.vigil.engine.algorithms.Trainer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Registers {@code isolation_forest}, {@code zscore}, {@code iqr} and {@code mad} with the engine's {@code Algorithms}. */
public final class AnomalyAlgorithms implements AlgorithmProvider {

    @Override
    public Map<String, Supplier<Trainer>> trainers() {
        Map<String, Supplier<Trainer>> out = new LinkedHashMap<>();
        out.put(IsolationForestTrainer.NAME, IsolationForestTrainer::new);
        for (StatisticalDetectorTrainer.Method m : StatisticalDetectorTrainer.Method.values()) {
            out.put(m.algorithm(), () -> new StatisticalDetectorTrainer(m));
        }
        return out;
    }

    @Override
    public int listingOrder() {
        return 1;
    }
}
