package io.vigil.neural;

import java.util.List;

/**
 * The LSTM's forward pass in plain Java, from DL4J's parameters. Per layer and step, with
 * {@code z = x W + h RW + b} split into DL4J's four blocks in its order
 * {@code [block input a | forget f | output o | input gate i]}:
 * {@code c = sigmoid(f) c + sigmoid(i) tanh(a)}, {@code h = sigmoid(o) tanh(c)}. The last layer's final
 * {@code h} goes through the dense output layer, left linear so its values are the margins.
 * Immutable weights, per-thread scratch: thread-safe and allocation-free per row.
 */
final class LstmForward {
    /** One LSTM layer: W [in][4h], RW [h][4h], b [4h], all row-major. */
    record Layer(int in, int units, float[] w, float[] rw, float[] b) {
    }

    private final List<Layer> layers;
    private final float[] outW;   // [units][outputs]
    private final float[] outB;
    private final int timesteps;
    private final ThreadLocal<double[][]> scratch;

    LstmForward(List<Layer> layers, float[] outW, float[] outB, int timesteps) {
        this.layers = List.copyOf(layers);
        this.outW = outW;
        this.outB = outB;
        this.timesteps = timesteps;
        int units = layers.stream().mapToInt(Layer::units).max().orElseThrow();
        int widest = Math.max(units, layers.get(0).in());
        // per thread: two sequence buffers (a layer's input and output; the first input may be wider than any layer), c, z
        scratch = ThreadLocal.withInitial(() -> new double[][] {
                new double[timesteps * widest], new double[timesteps * widest], new double[units], new double[4 * units]});
    }

    int channels() {
        return layers.get(0).in();
    }

    void margins(float[] data, int offset, double[] out) {
        double[][] s = scratch.get();
        double[] input = s[0];
        double[] output = s[1];
        double[] c = s[2];
        double[] z = s[3];
        int channels = channels();
        for (int i = 0; i < timesteps * channels; i++) {
            float v = data[offset + i];
            input[i] = v == v ? v : 0;   // NaN counts as 0, the scaled mean
        }
        for (Layer layer : layers) {
            int h = layer.units();
            int in = layer.in();
            int g = 4 * h;
            java.util.Arrays.fill(c, 0, h, 0);
            for (int t = 0; t < timesteps; t++) {
                for (int k = 0; k < g; k++) z[k] = layer.b()[k];
                for (int i = 0; i < in; i++) {
                    double x = input[t * in + i];
                    if (x != 0) accumulate(layer.w(), i * g, x, z, g);
                }
                if (t > 0) {
                    for (int j = 0; j < h; j++) {
                        double prev = output[(t - 1) * h + j];
                        if (prev != 0) accumulate(layer.rw(), j * g, prev, z, g);
                    }
                }
                for (int j = 0; j < h; j++) {
                    double a = Math.tanh(z[j]);
                    double f = sigmoid(z[h + j]);
                    double o = sigmoid(z[2 * h + j]);
                    double i = sigmoid(z[3 * h + j]);
                    c[j] = f * c[j] + i * a;
                    output[t * h + j] = o * Math.tanh(c[j]);
                }
            }
            double[] swap = input;
            input = output;
            output = swap;
        }
        // the last layer's sequence is now in `input`; its final step feeds the output layer
        int h = layers.get(layers.size() - 1).units();
        int last = (timesteps - 1) * h;
        int outputs = outB.length;
        for (int k = 0; k < outputs; k++) out[k] = outB[k];
        for (int j = 0; j < h; j++) {
            double v = input[last + j];
            for (int k = 0; k < outputs; k++) out[k] += v * outW[j * outputs + k];
        }
    }

    private static void accumulate(float[] w, int row, double x, double[] z, int width) {
        for (int k = 0; k < width; k++) z[k] += x * w[row + k];
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
