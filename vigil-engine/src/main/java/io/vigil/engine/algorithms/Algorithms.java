package io.vigil.engine.algorithms;

import io.vigil.engine.anomaly.IsolationForestTrainer;
import io.vigil.engine.anomaly.StatisticalDetectorTrainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Registry of every algorithm by name: what the service lists, and how bundles find their loader.
 * Built-in trainers first, then those of every {@link AlgorithmProvider} on the class path.
 */
public final class Algorithms {
    private static final Map<String, Supplier<Trainer>> TRAINERS = new LinkedHashMap<>();

    static {
        TRAINERS.put(GradientBoostingTrainer.NAME, GradientBoostingTrainer::new);
        TRAINERS.put(RandomForestTrainer.NAME, RandomForestTrainer::new);
        TRAINERS.put(LogisticRegressionTrainer.NAME, LogisticRegressionTrainer::new);
        TRAINERS.put(IsolationForestTrainer.NAME, IsolationForestTrainer::new);
        for (StatisticalDetectorTrainer.Method m : StatisticalDetectorTrainer.Method.values()) {
            TRAINERS.put(m.algorithm(), () -> new StatisticalDetectorTrainer(m));
        }
        for (AlgorithmProvider provider : ServiceLoader.load(AlgorithmProvider.class, Algorithms.class.getClassLoader())) {
            provider.trainers().forEach((name, supplier) -> {
                if (TRAINERS.putIfAbsent(name, supplier) != null) {
                    throw new IllegalStateException(provider.getClass().getName() + " registers '" + name + "', which is already taken");
                }
            });
        }
    }

    private Algorithms() {
    }

    public static List<String> names() {
        return List.copyOf(TRAINERS.keySet());
    }

    /** The trainer registered as {@code name}; unknown names fail listing the known ones. */
    public static Trainer trainer(String name) {
        Supplier<Trainer> s = TRAINERS.get(name);
        if (s == null) throw new IllegalArgumentException("unknown algorithm '" + name + "' (known: " + String.join(", ", TRAINERS.keySet()) + ")");
        return s.get();
    }
}
