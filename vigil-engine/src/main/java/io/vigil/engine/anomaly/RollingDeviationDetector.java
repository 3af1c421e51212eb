package io.vigil.engine.anomaly;

/**
 * The z-score, IQR and MAD rules of {@link StatisticalDetectorTrainer} over a stream's recent history
 * instead of a training set: a new value's distance from the last {@code window} values,
 * <ul>
 *   <li>{@code ZSCORE}: {@code |x - mean| / sd};</li>
 *   <li>{@code IQR}: the distance beyond the quartiles in IQR units (0 between them);</li>
 *   <li>{@code MAD}: {@code |x - median| / (1.4826 MAD)}, the MAD replaced by 1.2533 times the mean
 *       absolute deviation when more than half the history equals its median;</li>
 * </ul>
 * the same rules as the trained detectors (and {@code Fences}), kept up to date value by value
 * (O(window) a value instead of a sort), scored {@code d / (d + k)} as the batch detectors are: 0.5 at
 * the method's classic cut-off {@code k} (3, 1.5, 3.5). A value outside fences with no spread at all
 * scores 1. Until {@code minHistory} values are known the score is 0.
 */
public final class RollingDeviationDetector implements StreamingDetector {

    private final StatisticalDetectorTrainer.Method method;
    private final RollingWindow history;
    private final int minHistory;
    private final double k;

    /**
     * @param window     how many recent values make the history (at least 2)
     * @param minHistory how many values are needed before a score other than 0 (at least 2, at most window)
     * @param k          the distance scored 0.5 (positive)
     */
    public RollingDeviationDetector(StatisticalDetectorTrainer.Method method, int window, int minHistory, double k) {
        if (minHistory < 2 || minHistory > window) {
            throw new IllegalArgumentException("minHistory must be between 2 and the window (" + window + "), was " + minHistory);
        }
        if (!(k > 0)) {
            throw new IllegalArgumentException("k must be positive, was " + k);
        }
        this.method = method;
        this.history = new RollingWindow(window);
        this.minHistory = minHistory;
        this.k = k;
    }

    /** The method's classic cut-off as {@code k}. */
    public static RollingDeviationDetector withDefaults(StatisticalDetectorTrainer.Method method, int window) {
        return new RollingDeviationDetector(method, window, Math.min(window, 30), method.defaultK());
    }

    @Override
    public double score(long epochMillis, double value) {
        if (Double.isNaN(value)) {
            return 0;
        }
        double d = history.size() < minHistory ? 0 : distance(value);
        history.add(value);
        return Double.isInfinite(d) ? 1 : d / (d + k);
    }

    /** The value's distance from the history, in the method's units. */
    double distance(double x) {
        return switch (method) {
            case ZSCORE -> scaled(Math.abs(x - history.mean()), history.sd());
            case IQR -> {
                double q1 = history.quantile(0.25);
                double q3 = history.quantile(0.75);
                yield scaled(x < q1 ? q1 - x : x > q3 ? x - q3 : 0, q3 - q1);
            }
            case MAD -> {
                double median = history.quantile(0.5);
                double spread = 1.4826 * history.medianAbsoluteDeviation(median);
                if (spread == 0) {
                    spread = 1.253314 * history.meanAbsoluteDeviation(median);
                }
                yield scaled(Math.abs(x - median), spread);
            }
        };
    }

    private static double scaled(double outside, double scale) {
        if (outside == 0) return 0;
        return scale > 0 ? outside / scale : Double.POSITIVE_INFINITY;
    }
}
