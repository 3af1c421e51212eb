package io.vigil.engine.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded, stratified row splits: train/test and k-fold. Every class keeps its share in every part. */
public final class Splits {
    private Splits() {
    }

    /** Row indices of a training part and a test part. */
    public record Split(int[] train, int[] test) {
    }

    /**
     * Stratified train/test split: within each class, {@code testFraction} of its rows
     * (rounded) go to the test part, chosen by a seeded shuffle. Indices come back sorted.
     */
    public static Split stratified(int[] labels, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0, 1), got " + testFraction);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int[] rows : byClass(labels)) {
            shuffle(rows, random);
            int nTest = (int) Math.round(rows.length * testFraction);
            for (int i = 0; i < rows.length; i++) (i < nTest ? test : train).add(rows[i]);
        }
        return new Split(sorted(train), sorted(test));
    }

    /**
     * Stratified k-fold: each class's shuffled rows are dealt round-robin to the folds, so fold
     * sizes differ by at most one row per class. Fold {@code i} is the test part of split {@code i}.
     */
    public static List<Split> kFold(int[] labels, int k, long seed) {
        if (k < 2) throw new IllegalArgumentException("k must be >= 2, got " + k);
        if (k > labels.length) throw new IllegalArgumentException("k = " + k + " exceeds the " + labels.length + " rows");
        SplittableRandom random = new SplittableRandom(seed);
        int[] fold = new int[labels.length];
        int next = 0;
        for (int[] rows : byClass(labels)) {
            shuffle(rows, random);
            for (int row : rows) fold[row] = next++ % k;
        }
        List<Split> splits = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int r = 0; r < labels.length; r++) (fold[r] == f ? test : train).add(r);
            splits.add(new Split(sorted(train), sorted(test)));
        }
        return splits;
    }

    private static List<int[]> byClass(int[] labels) {
        int classes = Arrays.stream(labels).max().orElse(-1) + 1;
        int[] counts = new int[classes];
        for (int y : labels) {
            if (y < 0) throw new IllegalArgumentException("negative class index " + y);
            counts[y]++;
        }
        List<int[]> rows = new ArrayList<>();
        int[] filled = new int[classes];
        for (int c = 0; c < classes; c++) rows.add(new int[counts[c]]);
        for (int r = 0; r < labels.length; r++) rows.get(labels[r])[filled[labels[r]]++] = r;
        return rows;
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] sorted(List<Integer> rows) {
        int[] a = rows.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
