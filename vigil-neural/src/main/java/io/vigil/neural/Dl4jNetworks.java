package io.vigil.neural;

import io.vigil.engine.algorithms.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** The DL4J network behind an {@code mlp} or {@code lstm} model, e.g. to compare against DL4J's own output. */
public final class Dl4jNetworks {
    private Dl4jNetworks() {
    }

    /** A fresh network rebuilt from the model's files (loads DL4J and its natives). */
    public static MultiLayerNetwork of(Model model) {
        if (!(model instanceof MlpModel || model instanceof LstmModel)) {
            throw new IllegalArgumentException(model.algorithm() + " is not a DL4J network");
        }
        return NetworkFiles.read(model.algorithm(), model.nativeFiles());
    }

    /** A [rows, features] array of DL4J inputs for an {@code mlp}: the given rows of a row-major matrix. */
    public static org.nd4j.linalg.api.ndarray.INDArray denseInput(float[] data, int cols, int[] rows) {
        return Rows.DENSE.features(data, cols, rows);
    }
}
