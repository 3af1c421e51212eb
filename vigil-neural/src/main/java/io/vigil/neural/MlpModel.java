package io.vigil.neural;

import io.vigil.engine.algorithms.Links;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.onnx.DenseNetwork;
import java.util.List;
import java.util.Map;

/**
 * A trained perceptron evaluated in plain Java: per layer {@code a' = act(a W + b)}, the output
 * layer left linear so its values are the margins (logit for binary, softmax inputs otherwise).
 * DL4J's per-row {@code output()} costs tens of microseconds; this is a few dense loops over a
 * per-thread scratch buffer, with no allocation per row. Immutable weights, so thread-safe.
 */
public final class MlpModel implements Model, DenseNetwork {
    private final List<String> classes;
    private final float[][] weights;  // per layer, [in * out] row-major: weights[l][i * out + j]
    private final float[][] biases;   // per layer, [out]
    private final int[] widths;       // input width, then each layer's output width
    private final HiddenActivation activation;
    private final Map<String, byte[]> nativeFiles;
    private final ThreadLocal<double[][]> scratch;

    MlpModel(List<String> classes, List<float[][]> layerWeights, List<float[]> layerBiases, HiddenActivation activation,
             Map<String, byte[]> nativeFiles) {
        this.classes = List.copyOf(classes);
        this.activation = activation;
        this.nativeFiles = Map.copyOf(nativeFiles);
        int layers = layerWeights.size();
        weights = new float[layers][];
        biases = new float[layers][];
        widths = new int[layers + 1];
        widths[0] = layerWeights.get(0).length;
        for (int l = 0; l < layers; l++) {
            float[][] w = layerWeights.get(l);
            int in = w.length;
            int out = w[0].length;
            if (in != widths[l]) throw new IllegalArgumentException("layer " + l + " takes " + in + " inputs, previous layer gives " + widths[l]);
            widths[l + 1] = out;
            weights[l] = new float[in * out];
            for (int i = 0; i < in; i++) System.arraycopy(w[i], 0, weights[l], i * out, out);
            biases[l] = layerBiases.get(l).clone();
        }
        scratch = ThreadLocal.withInitial(() -> {
            double[][] s = new double[layers][];
            for (int l = 0; l < layers; l++) s[l] = new double[widths[l + 1]];
            return s;
        });
    }

    @Override public String algorithm() { return MlpTrainer.NAME; }
    @Override public Task task() { return Task.CLASSIFICATION; }
    @Override public List<String> classes() { return classes; }
    @Override public int featureCount() { return widths[0]; }
    @Override public int marginCount() { return widths[widths.length - 1]; }
    @Override public Map<String, byte[]> nativeFiles() { return nativeFiles; }

    /** Hidden layer widths, e.g. {@code [64, 32]}. */
    public int[] hiddenLayers() {
        return java.util.Arrays.copyOfRange(widths, 1, widths.length - 1);
    }

    // the layers as numbers, for ONNX export (io.vigil.engine.onnx)
    @Override public int layerCount() { return weights.length; }
    @Override public float[] layerWeights(int l) { return weights[l].clone(); }
    @Override public float[] layerBiases(int l) { return biases[l].clone(); }
    @Override public String hiddenActivation() { return activation.paramName(); }

    @Override
    public void margins(float[] data, int offset, double[] out) {
        double[][] act = scratch.get();
        int last = weights.length - 1;
        double[] a = act[0];
        for (int j = 0; j < a.length; j++) a[j] = biases[0][j];
        for (int i = 0; i < widths[0]; i++) {
            float x = data[offset + i];
            // NaN (the pipeline never produces one) counts as 0, the scaled mean
            if (x == 0 || x != x) continue;
            accumulate(weights[0], i, x, a);
        }
        if (last > 0) activate(a);
        for (int l = 1; l <= last; l++) {
            double[] prev = act[l - 1];
            double[] next = act[l];
            for (int j = 0; j < next.length; j++) next[j] = biases[l][j];
            for (int i = 0; i < prev.length; i++) {
                if (prev[i] != 0) accumulate(weights[l], i, prev[i], next);
            }
            if (l < last) activate(next);
        }
        System.arraycopy(act[last], 0, out, 0, out.length);
    }

    @Override
    public void probabilities(double[] margins, double[] out) {
        Links.apply(margins, out);
    }

    /** {@code out += x * W[i, :]}. */
    private static void accumulate(float[] w, int i, double x, double[] out) {
        int width = out.length;
        int row = i * width;
        for (int j = 0; j < width; j++) out[j] += x * w[row + j];
    }

    private void activate(double[] a) {
        for (int j = 0; j < a.length; j++) a[j] = activation.apply(a[j]);
    }
}
