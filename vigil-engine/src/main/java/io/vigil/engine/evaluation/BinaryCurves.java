package io.vigil.engine.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Threshold metrics of a binary scorer: ROC and precision-recall curves and the areas under
 * them. Rows with equal scores are one threshold step (ties are never split).
 * {@code positive[i]} says whether row i belongs to the positive class.
 */
public final class BinaryCurves {
    private BinaryCurves() {
    }

    /** One point of a curve at a score threshold (rows with score >= threshold are predicted positive). */
    public record Point(double threshold, double x, double y) {
    }

    /** ROC AUC: the probability that a random positive scores above a random negative, ties counting half. */
    public static double rocAuc(boolean[] positive, double[] score) {
        List<Point> roc = roc(positive, score);
        double area = 0;
        for (int i = 1; i < roc.size(); i++) {
            Point a = roc.get(i - 1);
            Point b = roc.get(i);
            area += (b.x() - a.x()) * (a.y() + b.y()) / 2; // trapezoid = half credit for ties
        }
        return area;
    }

    /** ROC curve from (0, 0) to (1, 1): x = false positive rate, y = true positive rate. */
    public static List<Point> roc(boolean[] positive, double[] score) {
        long pos = count(positive);
        long neg = positive.length - pos;
        if (pos == 0 || neg == 0) throw new IllegalArgumentException("ROC needs both classes, got " + pos + " positive and " + neg + " negative");
        List<Point> points = new ArrayList<>();
        points.add(new Point(Double.POSITIVE_INFINITY, 0, 0));
        long tp = 0;
        long fp = 0;
        Integer[] order = descending(score);
        for (int i = 0; i < order.length; i++) {
            if (positive[order[i]]) tp++; else fp++;
            if (i == order.length - 1 || score[order[i + 1]] != score[order[i]]) {
                points.add(new Point(score[order[i]], (double) fp / neg, (double) tp / pos));
            }
        }
        return points;
    }

    /** Precision-recall curve: x = recall, y = precision, one point per distinct threshold. */
    public static List<Point> precisionRecall(boolean[] positive, double[] score) {
        long pos = count(positive);
        if (pos == 0) throw new IllegalArgumentException("precision-recall needs at least one positive row");
        List<Point> points = new ArrayList<>();
        long tp = 0;
        long predicted = 0;
        Integer[] order = descending(score);
        for (int i = 0; i < order.length; i++) {
            predicted++;
            if (positive[order[i]]) tp++;
            if (i == order.length - 1 || score[order[i + 1]] != score[order[i]]) {
                points.add(new Point(score[order[i]], (double) tp / pos, (double) tp / predicted));
            }
        }
        return points;
    }

    /**
     * PR AUC as average precision: the sum over thresholds of (recall gained) x precision there,
     * as scikit-learn's {@code average_precision_score} (no interpolation).
     */
    public static double prAuc(boolean[] positive, double[] score) {
        double ap = 0;
        double lastRecall = 0;
        for (Point p : precisionRecall(positive, score)) {
            ap += (p.x() - lastRecall) * p.y();
            lastRecall = p.x();
        }
        return ap;
    }

    /** Keeps at most {@code max} points (evenly spaced), always the first and last, for storing curves. */
    public static List<Point> thin(List<Point> points, int max) {
        if (points.size() <= max) return points;
        List<Point> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) out.add(points.get((int) Math.round((double) i * (points.size() - 1) / (max - 1))));
        return out;
    }

    private static Integer[] descending(double[] score) {
        Integer[] order = IntStream.range(0, score.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> score[i]).reversed());
        return order;
    }

    private static long count(boolean[] positive) {
        long n = 0;
        for (boolean b : positive) if (b) n++;
        return n;
    }
}
