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
        int n = sorted.length;
        return switch (method) {
            case ZSCORE -> {
                double mean = Arrays.stream(sorted).average().orElse(0);
                double ss = 0;
                for (double v : sorted) ss += (v - mean) * (v - mean);
                yield new Fences(mean, mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0);
            }
            case IQR -> {
                double q1 = quantile(sorted, 0.25);
                double q3 = quantile(sorted, 0.75);
                yield new Fences(q1, q3, q3 - q1);
            }
            case MAD -> {
                double median = quantile(sorted, 0.5);
                double[] dev = new double[n];
                for (int i = 0; i < n; i++) dev[i] = Math.abs(sorted[i] - median);
                Arrays.sort(dev);
                double scale = 1.4826 * quantile(dev, 0.5);
                if (scale == 0 && n > 0) {
                    scale = 1.253314 * Arrays.stream(dev).average().orElse(0);
                }
                yield new Fences(median, median, scale);
            }
        };
    }

    /** How far {@code x} lies outside the fences, in scales: 0 inside (and for NaN), infinite outside fences with no spread. */
    public double distance(double x) {
        if (Double.isNaN(x)) return 0;
        double outside = x < lower ? lower - x : x > upper ? x - upper : 0;
        if (outside == 0) return 0;
        return scale > 0 ? outside / scale : Double.POSITIVE_INFINITY;
    }

    /** Linear interpolation between order statistics (R type 7, numpy's default). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) return 0;
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        double frac = pos - i;
        return i + 1 < sorted.length ? sorted[i] + frac * (sorted[i + 1] - sorted[i]) : sorted[i];
    }
}
