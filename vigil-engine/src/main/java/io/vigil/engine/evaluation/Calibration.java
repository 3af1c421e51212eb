package io.vigil.engine.evaluation;

import java.util.ArrayList;
import java.util.List;

/** Reliability diagram: predicted probability against observed frequency, in equal-width bins. */
public final class Calibration {
    private Calibration() {
    }

    /** One bin [lower, upper): how many rows fell in it, their mean score and the share that were positive. */
    public record Bin(double lower, double upper, long count, double meanPredicted, double fractionPositive) {
    }

    /** Equal-width bins over [0, 1]; a score of exactly 1 falls in the last bin. Empty bins are kept (count 0). */
    public static List<Bin> bins(boolean[] positive, double[] score, int binCount) {
        if (binCount < 1) throw new IllegalArgumentException("binCount must be >= 1");
        long[] count = new long[binCount];
        double[] sumScore = new double[binCount];
        long[] positives = new long[binCount];
        for (int i = 0; i < score.length; i++) {
            int b = Math.min(binCount - 1, Math.max(0, (int) (score[i] * binCount)));
            count[b]++;
            sumScore[b] += score[i];
            if (positive[i]) positives[b]++;
        }
        List<Bin> bins = new ArrayList<>(binCount);
        for (int b = 0; b < binCount; b++) {
            bins.add(new Bin((double) b / binCount, (double) (b + 1) / binCount, count[b],
                    count[b] == 0 ? 0 : sumScore[b] / count[b], count[b] == 0 ? 0 : (double) positives[b] / count[b]));
        }
        return bins;
    }

    /** Expected calibration error: bin-size-weighted mean |observed - predicted|. */
    public static double expectedCalibrationError(List<Bin> bins) {
        long n = bins.stream().mapToLong(Bin::count).sum();
        double ece = 0;
        for (Bin b : bins) ece += (double) b.count() / n * Math.abs(b.fractionPositive() - b.meanPredicted());
        return ece;
    }
}
