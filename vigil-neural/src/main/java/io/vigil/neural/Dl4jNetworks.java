package io.vigil.neural;

import io.vigil.engine.algorithms.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The DL4J network behind an {@code mlp} or {@code lstm} model, e.g. to compare against DL4J's own output. */
public final class Dl4jNetworks {
    private Dl4jNetworks() {
    }

    /** A fresh network rebuilt from the model's files (loads DL4J and its natives). */
    public static MultiLayerNetwork of(Model model) {
        check(model);
        return NetworkFiles.read(model.algorithm(), model.nativeFiles());
    }

    /** DL4J's input array for the given rows of a row-major encoded matrix: [rows, features] or [rows, channels, timesteps]. */
    public static INDArray input(Model model, float[] data, int cols, int[] rows) {
        check(model);
        Rows.Shape shape = model instanceof LstmModel lstm ? Rows.sequence(lstm.timesteps()) : Rows.DENSE;
        return shape.features(data, cols, rows);
    }

    private static void check(Model model) {
        if (!(model instanceof MlpModel || model instanceof LstmModel)) {
            throw new IllegalArgumentException(model.algorithm() + " is not a DL4J network");
        }
    }
}
