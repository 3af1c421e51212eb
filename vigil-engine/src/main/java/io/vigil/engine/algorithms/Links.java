package io.vigil.engine.algorithms;

/** Link functions from margins to probabilities. */
public final class Links {
    private Links() {
    }

    public static double sigmoid(double margin) {
        return 1.0 / (1.0 + Math.exp(-margin));
    }

    /** One margin: {@code [1 - p, p]} with p the sigmoid; several: softmax. */
    public static void apply(double[] margins, double[] out) {
        if (margins.length == 1) {
            double p = sigmoid(margins[0]);
            out[0] = 1 - p;
            out[1] = p;
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double m : margins) max = Math.max(max, m);
        double sum = 0;
        for (int k = 0; k < margins.length; k++) sum += out[k] = Math.exp(margins[k] - max);
        for (int k = 0; k < margins.length; k++) out[k] /= sum;
    }
}
