package io.vigil.engine.evaluation;

import java.util.List;

/**
 * Counts of (actual, predicted) class pairs, {@code counts[actual][predicted]}, and the
 * per-class and averaged precision, recall and F1 derived from them. A ratio with a zero
 * denominator is 0 (scikit-learn's {@code zero_division=0}). Macro averages are over the classes
 * present in the rows, as truth or as prediction (scikit-learn's labels when none are given:
 * {@code unique_labels(y_true, y_pred)}): a class the rows never mention would count as F1 = 0 and
 * pull the average down for nothing the model did.
 */
public record ConfusionMatrix(List<String> classes, long[][] counts) {

    public static ConfusionMatrix of(int[] actual, int[] predicted, List<String> classes) {
        if (actual.length != predicted.length) throw new IllegalArgumentException("actual and predicted differ in length");
        int k = classes.size();
        long[][] counts = new long[k][k];
        for (int i = 0; i < actual.length; i++) counts[actual[i]][predicted[i]]++;
        return new ConfusionMatrix(List.copyOf(classes), counts);
    }

    public long total() {
        long n = 0;
        for (long[] row : counts) for (long c : row) n += c;
        return n;
    }

    public double accuracy() {
        long correct = 0;
        for (int i = 0; i < counts.length; i++) correct += counts[i][i];
        return ratio(correct, total());
    }

    /** Rows whose actual class is {@code c}. */
    public long support(int c) {
        long n = 0;
        for (long v : counts[c]) n += v;
        return n;
    }

    /** Whether some row has class {@code c} as its truth or its prediction. */
    public boolean present(int c) {
        return support(c) > 0 || predictedAs(c) > 0;
    }

    /** The classes no row has as its true class, in class order: nothing measured their recall. */
    public List<String> classesWithoutRows() {
        List<String> absent = new java.util.ArrayList<>();
        for (int c = 0; c < counts.length; c++) if (support(c) == 0) absent.add(classes.get(c));
        return absent;
    }

    private long predictedAs(int c) {
        long n = 0;
        for (long[] row : counts) n += row[c];
        return n;
    }

    public double precision(int c) {
        return ratio(counts[c][c], predictedAs(c));
    }

    public double recall(int c) {
        return ratio(counts[c][c], support(c));
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroPrecision() { return macro(this::precision); }
    public double macroRecall() { return macro(this::recall); }
    public double macroF1() { return macro(this::f1); }
    public double weightedPrecision() { return weighted(this::precision); }
    public double weightedRecall() { return weighted(this::recall); }
    public double weightedF1() { return weighted(this::f1); }

    private double macro(java.util.function.IntToDoubleFunction metric) {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < counts.length; c++) {
            if (!present(c)) continue;
            sum += metric.applyAsDouble(c);
            present++;
        }
        return ratio(sum, present);
    }

    private double weighted(java.util.function.IntToDoubleFunction metric) {
        double sum = 0;
        for (int c = 0; c < counts.length; c++) sum += metric.applyAsDouble(c) * support(c);
        return ratio(sum, total());
    }

    private static double ratio(double a, double b) {
        return b == 0 ? 0 : a / b;
    }
}
