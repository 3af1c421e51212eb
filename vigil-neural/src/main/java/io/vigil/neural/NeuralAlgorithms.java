package io.vigil.neural;

import io.vigil.engine.algorithms.AlgorithmProvider;
import io.vigil.engine.algorithms.Trainer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Registers {@code mlp} (also called {@code neural_network}) and {@code lstm} with the engine's {@code Algorithms} (see META-INF/services). */
public final class NeuralAlgorithms implements AlgorithmProvider {

    @Override
    public Map<String, Supplier<Trainer>> trainers() {
        Map<String, Supplier<Trainer>> out = new LinkedHashMap<>();
        out.put(MlpTrainer.NAME, MlpTrainer::new);
        out.put(LstmTrainer.NAME, LstmTrainer::new);
        return out;
    }

    @Override
    public Map<String, String> aliases() {
        return Map.of("neural_network", MlpTrainer.NAME);
    }
}
