package io.vigil.engine.anomaly;

/**
 * How far the mean of a stream's last {@code smoothing} values (or residuals) is from what it
 * usually is: {@code |m - median| / (1.4826 MAD)} over the last {@code window} such means (the MAD
 * replaced by 1.2533 times the mean absolute deviation when more than half of them are equal). A
 * robust z-score of a short moving average: one spike moves it, and so does a shift of level that
 * lasts. A change away from a history with no spread at all counts as {@value #FROM_CONSTANT}: above
 * any sensible floor, yet not so large that it would hide the real deviations that follow it from
 * a memory of records.
 */
final class DeviationSignal {

    static final double FROM_CONSTANT = 10;

    private final double[] last;
    private final RollingWindow means;
    private int count;
    private double sum;

    DeviationSignal(int smoothing, int window) {
        this.last = new double[smoothing];
        this.means = new RollingWindow(window);
    }

    /** The robust z of the moving average ending with {@code x} (0 until the history holds two averaging spans). */
    double surprise(double x) {
        int slot = count % last.length;
        sum += x - last[slot];
        last[slot] = x;
        count++;
        if (count < last.length) {
            return 0;
        }
        if (count % (64 * last.length) == 0) {
            resum(); // the running sum drifts as values leave it
        }
        double mean = sum / last.length;
        double z = 0;
        if (means.size() >= 2 * last.length) {
            double median = means.quantile(0.5);
            double spread = 1.4826 * means.medianAbsoluteDeviation(median);
            if (spread == 0) {
                spread = 1.253314 * means.meanAbsoluteDeviation(median);
            }
            double off = Math.abs(mean - median);
            z = spread > 0 ? off / spread : off == 0 ? 0 : FROM_CONSTANT;
        }
        means.add(mean);
        return z;
    }

    private void resum() {
        sum = 0;
        for (double v : last) sum += v;
    }
}
