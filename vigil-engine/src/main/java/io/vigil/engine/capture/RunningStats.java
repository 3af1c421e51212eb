package io.vigil.engine.capture;

/**
 * Count, sum, mean, sample variance (n - 1, as CICFlowMeter's commons-math SummaryStatistics),
 * min and max of a stream of values in constant memory (Welford's update).
 */
final class RunningStats {
    private long n;
    private double sum;
    private double mean;
    private double m2;
    private double min;
    private double max;

    void add(double x) {
        n++;
        sum += x;
        double delta = x - mean;
        mean += delta / n;
        m2 += delta * (x - mean);
        if (n == 1) {
            min = x;
            max = x;
        } else {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
    }

    long count() {
        return n;
    }

    /** The statistics are 0 over no values, as CICFlowMeter writes them. */
    double sum() {
        return sum;
    }

    double mean() {
        return n == 0 ? 0 : sum / n;
    }

    double variance() {
        return n < 2 ? 0 : Math.max(0, m2 / (n - 1));
    }

    double std() {
        return Math.sqrt(variance());
    }

    double min() {
        return n == 0 ? 0 : min;
    }

    double max() {
        return n == 0 ? 0 : max;
    }
}
