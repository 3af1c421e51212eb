package io.vigil.engine.onnx;

import io.vigil.engine.ModelJson;
import io.vigil.engine.algorithms.AlgorithmProvider;
import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.ParamSpec;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Registers {@code onnx}, the algorithm of imported graphs, so that their bundles load like any
 * other ({@code model.onnx} and {@code binding.json} under {@code native/}). Nothing trains it: a
 * version of it comes from {@link OnnxImport}.
 */
public final class OnnxAlgorithms implements AlgorithmProvider {
    public static final String NAME = "onnx";
    static final String GRAPH_FILE = "model.onnx";
    static final String BINDING_FILE = "binding.json";

    @Override
    public Map<String, Supplier<Trainer>> trainers() {
        return Map.of(NAME, Imported::new);
    }

    @Override
    public int listingOrder() {
        return 2;
    }

    /** The loader of imported graphs. */
    static final class Imported implements Trainer {
        @Override public String algorithm() { return NAME; }
        @Override public Task task() { return Task.CLASSIFICATION; }
        @Override public List<ParamSpec> parameters() { return List.of(); }

        @Override
        public Model train(TrainingData data, Hyperparameters params, TrainingContext context) {
            throw new IllegalArgumentException("an onnx model is imported from a file trained elsewhere, not trained by Vigil");
        }

        @Override
        public Model load(Map<String, byte[]> nativeFiles, List<String> classes, int featureCount, Hyperparameters params) {
            byte[] graph = nativeFiles.get(GRAPH_FILE);
            byte[] binding = nativeFiles.get(BINDING_FILE);
            if (graph == null || binding == null) throw new IllegalArgumentException("an onnx bundle holds " + GRAPH_FILE + " and " + BINDING_FILE);
            try {
                return OnnxImport.model(graph, ModelJson.MAPPER.readValue(binding, OnnxBinding.class)).model();
            } catch (IOException e) {
                throw new IllegalArgumentException(BINDING_FILE + " is not valid: " + e.getMessage(), e);
            }
        }

        @Override
        public Map<String, String> libraryVersions() {
            return Map.of("onnxruntime", OnnxImport.runtimeVersion());
        }
    }
}
