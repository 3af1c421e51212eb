package io.vigil.neural;

import io.vigil.engine.features.FeatureMatrix;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Copies encoded rows into the arrays a network reads. Missing values (NaN) become 0, the mean
 * after standard scaling, so a stray NaN cannot poison the weights.
 */
final class Rows {
    private Rows() {
    }

    /** Shapes rows for one network type. */
    interface Shape {
        INDArray features(float[] data, int cols, int[] rows);
    }

    /** {@code [rows, features]} for dense networks. */
    static final Shape DENSE = (data, cols, rows) -> {
        float[] buf = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            int src = rows[i] * cols;
            for (int f = 0; f < cols; f++) buf[i * cols + f] = clean(data[src + f]);
        }
        return Nd4j.create(buf, new long[] {rows.length, cols}, DataType.FLOAT);
    };

    /**
     * {@code [rows, channels, timesteps]} (DL4J's NCW) for recurrent networks, from rows holding
     * {@code timesteps} groups of {@code channels} values, oldest first.
     */
    static Shape sequence(int timesteps) {
        return (data, cols, rows) -> {
            int channels = cols / timesteps;
            float[] buf = new float[rows.length * cols];
            for (int i = 0; i < rows.length; i++) {
                int src = rows[i] * cols;
                for (int t = 0; t < timesteps; t++) {
                    for (int c = 0; c < channels; c++) buf[(i * channels + c) * timesteps + t] = clean(data[src + t * channels + c]);
                }
            }
            return Nd4j.create(buf, new long[] {rows.length, channels, timesteps}, DataType.FLOAT);
        };
    }

    /** Labels as the output layer wants them: one column of 0/1 for binary, one-hot otherwise. */
    static INDArray labels(int[] y, int[] rows, int classes) {
        int width = classes == 2 ? 1 : classes;
        float[] buf = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            if (width == 1) buf[i] = y[rows[i]];
            else buf[i * width + y[rows[i]]] = 1;
        }
        return Nd4j.create(buf, new long[] {rows.length, width}, DataType.FLOAT);
    }

    static int[] all(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = i;
        return rows;
    }

    static int[] all(FeatureMatrix x) {
        return all(x.rows());
    }

    private static float clean(float v) {
        return v == v ? v : 0f;
    }
}
