package io.vigil.engine.anomaly;

import java.util.Arrays;

/**
 * The last {@code capacity} values of a stream, with their mean, standard deviation and order
 * statistics: a ring buffer beside a sorted copy (insertion and removal by binary search, so
 * O(capacity) per value at worst, and quantiles in O(1)).
 */
final class RollingWindow {

    private final double[] ring;
    private final double[] sorted;
    private int size;
    private int next;
    private double sum;
    private double sumSquares;
    private int sinceExactSums;

    RollingWindow(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("a rolling window holds at least 2 values, not " + capacity);
        }
        this.ring = new double[capacity];
        this.sorted = new double[capacity];
    }

    void add(double value) {
        if (size == ring.length) {
            double old = ring[next];
            remove(old);
            sum -= old;
            sumSquares -= old * old;
        } else {
            size++;
        }
        ring[next] = value;
        next = (next + 1) % ring.length;
        insert(value);
        sum += value;
        sumSquares += value * value;
        if (++sinceExactSums >= ring.length) {
            exactSums(); // running sums drift as values leave: recompute them once per turn of the ring
        }
    }

    int size() {
        return size;
    }

    int capacity() {
        return ring.length;
    }

    double mean() {
        return sum / size;
    }

    /** The sample standard deviation (n - 1), 0 for fewer than 2 values. */
    double sd() {
        if (size < 2) return 0;
        double mean = sum / size;
        double variance = (sumSquares - size * mean * mean) / (size - 1);
        return variance > 0 ? Math.sqrt(variance) : 0;
    }

    /** Linear interpolation between order statistics (R type 7), like the batch detectors. */
    double quantile(double q) {
        double pos = q * (size - 1);
        int i = (int) Math.floor(pos);
        double frac = pos - i;
        return i + 1 < size ? sorted[i] + frac * (sorted[i + 1] - sorted[i]) : sorted[i];
    }

    /**
     * The median absolute deviation from {@code center}: the deviations of the values below and above
     * it are two sorted runs, merged up to the middle (O(size), no sorting).
     */
    double medianAbsoluteDeviation(double center) {
        int split = Arrays.binarySearch(sorted, 0, size, center);
        if (split < 0) split = -split - 1;
        int below = split - 1; // deviations center - sorted[below], growing as below falls
        int above = split;     // deviations sorted[above] - center, growing as above rises
        int half = (size - 1) / 2;
        double previous = 0;
        double current = 0;
        for (int rank = 0; rank <= half + 1 && rank < size; rank++) {
            double fromBelow = below >= 0 ? center - sorted[below] : Double.POSITIVE_INFINITY;
            double fromAbove = above < size ? sorted[above] - center : Double.POSITIVE_INFINITY;
            previous = current;
            if (fromBelow <= fromAbove) {
                current = fromBelow;
                below--;
            } else {
                current = fromAbove;
                above++;
            }
            if (rank == half && size % 2 == 1) {
                return current;
            }
        }
        return (previous + current) / 2;
    }

    /** The mean absolute deviation from {@code center}. */
    double meanAbsoluteDeviation(double center) {
        double total = 0;
        for (int i = 0; i < size; i++) total += Math.abs(sorted[i] - center);
        return total / size;
    }

    /** How many values are smaller than {@code x}. */
    int countBelow(double x) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /** The i-th value, oldest first. */
    double get(int i) {
        int start = size == ring.length ? next : 0;
        return ring[(start + i) % ring.length];
    }

    private void insert(double value) {
        int at = Arrays.binarySearch(sorted, 0, size - 1, value);
        if (at < 0) at = -at - 1;
        System.arraycopy(sorted, at, sorted, at + 1, size - 1 - at);
        sorted[at] = value;
    }

    private void remove(double value) {
        int at = Arrays.binarySearch(sorted, 0, size, value);
        System.arraycopy(sorted, at + 1, sorted, at, size - 1 - at);
    }

    private void exactSums() {
        sinceExactSums = 0;
        sum = 0;
        sumSquares = 0;
        for (int i = 0; i < size; i++) {
            sum += ring[i];
            sumSquares += ring[i] * ring[i];
        }
    }
}
