package io.vigil.engine.algorithms;

import io.vigil.engine.features.FeatureMatrix;

/**
 * The one way encoded rows are scored: the model's margins, its link to probabilities, then its
 * decision (the most probable class, or a detector's threshold). Single records, batches, the
 * batch job and the inference protocol all come here, and {@link ScoredRows} says what each
 * output is, so a model kind with new outputs is added in these two places.
 *
 * <p>Nothing is allocated per row: one row is scored into a {@link ScoredRows} the caller may
 * reuse, and a batch allocates its output arrays once and scratch arrays per block of rows.
 * Batches are scored in blocks on every core ({@link RowBlocks}), each block's margins in one call
 * ({@link Model#margins(float[], int, int, int, double[])}); results do not depend on the split.
 */
public final class Scorer {
    private Scorer() {
    }

    /** Scores the row at {@code data[offset]} as row 0 of {@code into} (resized to one row), and returns it. */
    public static ScoredRows score(Model model, float[] data, int offset, ScoredRows into) {
        into.prepare(model, 1);
        double[] margins = into.rowMargins();
        double[] probabilities = into.rowProbabilities();
        into.set(0, decide(model, data, offset, margins, probabilities), margins, probabilities);
        return into;
    }

    /** Scores every row of {@code x} into {@code into} (resized to its rows), and returns it. */
    public static ScoredRows score(Model model, FeatureMatrix x, ScoredRows into) {
        into.prepare(model, x.rows());
        float[] data = x.data();
        int cols = x.cols();
        RowBlocks.forEach(x.rows(), (from, to) -> {
            double[] margins = new double[model.marginCount()];
            double[] probabilities = new double[model.classes().size()];
            double[] block = new double[(to - from) * margins.length];
            model.margins(data, cols, from, to, block);
            for (int r = from; r < to; r++) {
                System.arraycopy(block, (r - from) * margins.length, margins, 0, margins.length);
                model.probabilities(margins, probabilities);
                into.set(r, model.decide(probabilities), margins, probabilities);
            }
        });
        return into;
    }

    /** Scores every row of {@code x} into new arrays. */
    public static ScoredRows score(Model model, FeatureMatrix x) {
        return score(model, x, new ScoredRows());
    }

    /** The probability of the positive (last) class, or the anomaly score, for every row of {@code x}. */
    public static double[] positiveScores(Model model, FeatureMatrix x) {
        double[] out = new double[x.rows()];
        float[] data = x.data();
        int cols = x.cols();
        RowBlocks.forEach(out.length, (from, to) -> {
            double[] margins = new double[model.marginCount()];
            double[] probabilities = new double[model.classes().size()];
            double[] block = new double[(to - from) * margins.length];
            model.margins(data, cols, from, to, block);
            for (int r = from; r < to; r++) {
                System.arraycopy(block, (r - from) * margins.length, margins, 0, margins.length);
                model.probabilities(margins, probabilities);
                out[r] = probabilities[probabilities.length - 1];
            }
        });
        return out;
    }

    /** One row as a {@link Prediction} of its own (arrays included), e.g. for a caller that keeps it. */
    public static Prediction predict(Model model, float[] data, int offset) {
        double[] margins = new double[model.marginCount()];
        double[] probabilities = new double[model.classes().size()];
        int k = decide(model, data, offset, margins, probabilities);
        return new Prediction(k, model.classes().get(k), probabilities, margins, probabilities[probabilities.length - 1]);
    }

    /** Margins, then probabilities, then the decision, for the row at {@code data[offset]}; arrays of the model's exact sizes. */
    private static int decide(Model model, float[] data, int offset, double[] margins, double[] probabilities) {
        model.margins(data, offset, margins);
        model.probabilities(margins, probabilities);
        return model.decide(probabilities);
    }
}
