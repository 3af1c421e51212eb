package io.vigil.engine.algorithms;

import io.vigil.engine.features.FeatureMatrix;
import java.util.List;
import java.util.Map;

/**
 * A trained model over encoded feature vectors (see {@link TrainedModel} for raw records).
 * Implementations are immutable and safe to share between threads (the batch methods score one
 * batch on several); the {@code float[]}/offset methods allocate nothing, so they can sit on a hot
 * path. They say how one row's margins are made, linked and decided; {@link Scorer} is where rows
 * are scored, and the convenience methods here go through it.
 */
public interface Model {

    /** The algorithm that made it, as registered in {@link Algorithms}. */
    String algorithm();

    Task task();

    /** Class names; for detectors {@code [normal, anomaly]}. */
    List<String> classes();

    int featureCount();

    /** 1 for binary models and detectors, the class count for multiclass models. */
    int marginCount();

    /** Raw outputs for the row starting at {@code data[offset]}, written into {@code out}. */
    void margins(float[] data, int offset, double[] out);

    /**
     * Margins of rows {@code [from, to)} of {@code data} (rows of {@code cols} values), row
     * {@code r}'s at {@code out[(r - from) * marginCount()]}. One row at a time unless the model has
     * a cheaper whole-block call (an ONNX graph pays a native call per run, not per row).
     */
    default void margins(float[] data, int cols, int from, int to, double[] out) {
        int m = marginCount();
        double[] row = new double[m];
        for (int r = from; r < to; r++) {
            margins(data, r * cols, row);
            System.arraycopy(row, 0, out, (r - from) * m, m);
        }
    }

    /** The link function: margins to one probability per class. */
    void probabilities(double[] margins, double[] out);

    /** The files that hold the model in its own library's format, name to bytes. */
    Map<String, byte[]> nativeFiles();

    /** The predicted class index from class probabilities (detectors override with a threshold). */
    default int decide(double[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[best]) best = i;
        return best;
    }

    default Prediction predict(float[] features) {
        return predict(features, 0);
    }

    /** One row scored by {@link Scorer}. */
    default Prediction predict(float[] data, int offset) {
        return Scorer.predict(this, data, offset);
    }

    default Prediction[] predict(FeatureMatrix x) {
        Prediction[] out = new Prediction[x.rows()];
        for (int r = 0; r < out.length; r++) out[r] = predict(x.data(), r * x.cols());
        return out;
    }

    /** Probability per class for every row, {@code [row][class]}; large batches use every core ({@link Scorer}). */
    default double[][] probabilities(FeatureMatrix x) {
        return Scorer.score(this, x).probabilityRows();
    }

    /** Probability of the positive (last) class, or the anomaly score, for every row; large batches use every core. */
    default double[] scores(FeatureMatrix x) {
        return Scorer.positiveScores(this, x);
    }

    /** Predicted class index for every row. */
    default int[] classify(FeatureMatrix x) {
        return Scorer.score(this, x).classIndices();
    }
}
