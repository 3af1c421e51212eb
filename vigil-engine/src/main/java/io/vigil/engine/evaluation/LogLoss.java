package io.vigil.engine.evaluation;

/** Mean negative log-likelihood of the true class; probabilities are clipped to [1e-15, 1 - 1e-15]. */
public final class LogLoss {
    static final double EPS = 1e-15;

    private LogLoss() {
    }

    /** {@code probabilities[row][class]}, {@code labels[row]} the true class index. */
    public static double of(int[] labels, double[][] probabilities) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double p = Math.min(1 - EPS, Math.max(EPS, probabilities[i][labels[i]]));
            sum -= Math.log(p);
        }
        return sum / labels.length;
    }
}
