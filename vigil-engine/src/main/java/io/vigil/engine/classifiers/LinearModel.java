package io.vigil.engine.classifiers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.engine.ModelJson;
import io.vigil.engine.algorithms.Links;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.trees.XGBoostJsonCompiler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Logistic regression scored in pure Java from XGBoost's {@code gblinear} JSON:
 * {@code margin_k = intercept_k + sum_f w[f][k] x_f}; a missing feature contributes nothing.
 */
public final class LinearModel implements Model {
    private static final ObjectMapper JSON = ModelJson.MAPPER;

    private final String algorithm;
    private final List<String> classes;
    private final double[][] weights;   // [output][feature]
    private final double[] intercept;   // per output, base margin included
    private final Map<String, byte[]> nativeFiles;

    LinearModel(String algorithm, List<String> classes, byte[] gblinearJson) {
        this.algorithm = algorithm;
        this.classes = List.copyOf(classes);
        this.nativeFiles = Map.of("model.json", gblinearJson);
        try {
            JsonNode learner = JSON.readTree(gblinearJson).path("learner");
            JsonNode w = learner.path("gradient_booster").path("model").path("weights");
            int features = learner.path("learner_model_param").path("num_feature").asInt();
            int outputs = classes.size() == 2 ? 1 : classes.size();
            double[] base = XGBoostJsonCompiler.baseMargins(learner.path("learner_model_param").path("base_score").asText(),
                    outputs, learner.path("objective").path("name").asText());
            weights = new double[outputs][features];
            intercept = new double[outputs];
            for (int k = 0; k < outputs; k++) {
                for (int f = 0; f < features; f++) weights[k][f] = w.get(f * outputs + k).floatValue();
                intercept[k] = w.get(features * outputs + k).floatValue() + base[k];
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not an XGBoost gblinear model", e);
        }
    }

    @Override public String algorithm() { return algorithm; }
    @Override public Task task() { return Task.CLASSIFICATION; }
    @Override public List<String> classes() { return classes; }
    @Override public int featureCount() { return weights[0].length; }
    @Override public int marginCount() { return weights.length; }
    @Override public Map<String, byte[]> nativeFiles() { return nativeFiles; }

    /** Coefficient of feature {@code f} for output {@code k} (k = 0 for binary models). */
    public double coefficient(int k, int f) {
        return weights[k][f];
    }

    public double intercept(int k) {
        return intercept[k];
    }

    @Override
    public void margins(float[] data, int offset, double[] out) {
        for (int k = 0; k < weights.length; k++) {
            double m = intercept[k];
            double[] w = weights[k];
            for (int f = 0; f < w.length; f++) {
                float x = data[offset + f];
                if (x == x) m += w[f] * x;
            }
            out[k] = m;
        }
    }

    @Override
    public void probabilities(double[] margins, double[] out) {
        Links.apply(margins, out);
    }
}
