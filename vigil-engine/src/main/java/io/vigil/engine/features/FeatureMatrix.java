package io.vigil.engine.features;

import java.util.List;

/**
 * A dense row-major {@code float} matrix of encoded features (NaN = missing), the input of every
 * trainer and model. Float because that is what XGBoost trains and splits on.
 */
public record FeatureMatrix(float[] data, int rows, int cols, List<String> names) {

    public FeatureMatrix {
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException(rows + " x " + cols + " does not match " + data.length + " values");
        }
        if (names.size() != cols) throw new IllegalArgumentException(names.size() + " names for " + cols + " columns");
        names = List.copyOf(names);
    }

    public float get(int row, int col) {
        return data[row * cols + col];
    }

    /** Copies one row into {@code out} (length {@code cols}). */
    public float[] row(int row, float[] out) {
        System.arraycopy(data, row * cols, out, 0, cols);
        return out;
    }

    public float[] row(int row) {
        return row(row, new float[cols]);
    }

    /** A new matrix with the given rows, in that order. */
    public FeatureMatrix select(int[] rowIndices) {
        float[] out = new float[rowIndices.length * cols];
        for (int i = 0; i < rowIndices.length; i++) System.arraycopy(data, rowIndices[i] * cols, out, i * cols, cols);
        return new FeatureMatrix(out, rowIndices.length, cols, names);
    }

    /** A copy whose column {@code col} holds {@code values} (used by permutation importance). */
    public FeatureMatrix withColumn(int col, float[] values) {
        float[] out = data.clone();
        for (int r = 0; r < rows; r++) out[r * cols + col] = values[r];
        return new FeatureMatrix(out, rows, cols, names);
    }
}
