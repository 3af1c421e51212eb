package io.vigil.engine.anomaly;

import java.util.Arrays;

/**
 * A centre's fences and the spread a value's distance outside them is measured in, by one of the
 * statistical methods: the z-score (mean, sample sd), the IQR (the quartiles, their distance) or the
 * MAD (the median, 1.4826 MAD; when more than half the values equal the median, as sparse counters
 * do, 1.2533 x the mean absolute deviation, IBM SPSS's modified z-score). Shared by the trained
 * statistical detectors and scoring against a recent history.
 *
 * @param lower a value below this is outside
 * @param upper a value above this is outside
 * @param scale the unit of distance; 0 when the values do not vary
 */
public record Fences(double lower, double upper, double scale) {

    /** The fences of {@code values} (NaN left out) by {@code method}; all zero for no values. */
    public static Fences of(StatisticalDetectorTrainer.Method method, double[] values) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        return ofSorted(method, sorted, sorted.length);
    }

    /**
     * The same from the first {@code n} values of {@code sorted} (ascending, no NaN), in O(n): what a
     * caller keeping its values sorted as they come pays per point instead of a sort.
     */
    public static Fences ofSorted(StatisticalDetectorTrainer.Method method, double[] sorted, int n) {
        return switch (method) {
            case ZSCORE -> {
                double sum = 0;
                for (int i = 0; i < n; i++) sum += sorted[i];
                double mean = n == 0 ? 0 : sum / n;
                double ss = 0;
                for (int i = 0; i < n; i++) ss += (sorted[i] - mean) * (sorted[i] - mean);
                yield new Fences(mean, mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0);
            }
            case IQR -> {
                double q1 = quantile(sorted, n, 0.25);
                double q3 = quantile(sorted, n, 0.75);
                yield new Fences(q1, q3, q3 - q1);
            }
            case MAD -> {
                double median = quantile(sorted, n, 0.5);
                double scale = 1.4826 * medianDeviation(sorted, n, median);
                if (scale == 0 && n > 0) {
                    double total = 0;
                    for (int i = 0; i < n; i++) total += Math.abs(sorted[i] - median);
                    scale = 1.253314 * (total / n);
                }
                yield new Fences(median, median, scale);
            }
        };
    }

    /**
     * The median of |x - median| over sorted values: the deviations come in ascending order from
     * two cursors walking outwards from the median, so only the first half is visited.
     */
    private static double medianDeviation(double[] sorted, int n, double median) {
        if (n == 0) return 0;
        double pos = 0.5 * (n - 1);
        int lowIndex = (int) Math.floor(pos);
        double frac = pos - lowIndex;
        int left = upperBound(sorted, n, median) - 1; // the last value <= median
        int right = left + 1;
        double low = 0;
        double high = 0;
        for (int k = 0; k <= lowIndex + 1 && k < n; k++) {
            double d;
            if (right >= n || left >= 0 && median - sorted[left] <= sorted[right] - median) {
                d = median - sorted[left--];
            } else {
                d = sorted[right++] - median;
            }
            if (k == lowIndex) low = d;
            if (k == lowIndex + 1) high = d;
        }
        return lowIndex + 1 < n ? low + frac * (high - low) : low;
    }

    private static int upperBound(double[] sorted, int n, double x) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** How far {@code x} lies outside the fences, in scales: 0 inside (and for NaN), infinite outside fences with no spread. */
    public double distance(double x) {
        if (Double.isNaN(x)) return 0;
        double outside = x < lower ? lower - x : x > upper ? x - upper : 0;
        if (outside == 0) return 0;
        return scale > 0 ? outside / scale : Double.POSITIVE_INFINITY;
    }

    /** Linear interpolation between order statistics (R type 7, numpy's default) over the first {@code n} sorted values. */
    static double quantile(double[] sorted, int n, double q) {
        if (n == 0) return 0;
        double pos = q * (n - 1);
        int i = (int) Math.floor(pos);
        double frac = pos - i;
        return i + 1 < n ? sorted[i] + frac * (sorted[i + 1] - sorted[i]) : sorted[i];
    }
}
