package io.vigil.engine.windows;

/**
 * The measuring of a late event's windows by a scan of its past (rare: the windows hold the
 * latest event's), and the one-event history an event too old to keep is answered from. One per
 * caller: the offline transform, or an online state under its lock.
 */
final class WindowScan {
    private final WindowPlan plan;
    private final double[][] n;
    private final double[][] sum;
    private final double[][] min;
    private final double[][] max;
    private final double[][] m2;
    private final double[][] mean;
    private final double[] span;
    private final double[][] first;
    private final long[] events;
    private EntityHistory alone;

    WindowScan(WindowPlan plan) {
        this.plan = plan;
        int w = plan.windows.length;
        n = new double[w][];
        sum = new double[w][];
        min = new double[w][];
        max = new double[w][];
        m2 = new double[w][];
        mean = new double[w][];
        first = new double[w][];
        span = new double[w];
        events = new long[w];
        for (int i = 0; i < w; i++) {
            int k = plan.windows[i].columns().length;
            n[i] = new double[k];
            sum[i] = new double[k];
            min[i] = new double[k];
            max[i] = new double[k];
            m2[i] = new double[k];
            mean[i] = new double[k];
            first[i] = new double[k];
        }
    }

    EntityHistory alone() {
        if (alone == null) alone = plan.newHistory(1, Baselines.Entity.NONE);
        return alone;
    }

    /** Window {@code w} of the event at {@code p}: the events in {@code (time - seconds, time]} or the last N up to it. */
    void measure(int w, EntityHistory h, int p, double time, WindowPlan.Window window) {
        int stop = window.events() > 0 ? Math.max(0, p - window.events() + 1) : 0;
        int j = p;
        while (j >= stop && (window.events() > 0 || h.time(j) > time - window.seconds())) j--;
        int oldest = j + 1;
        events[w] = p - oldest + 1;
        span[w] = time - h.time(oldest);
        for (int c = 0; c < window.columns().length; c++) {
            double k = 0;
            double total = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double mu = 0;
            double sq = 0;
            for (int i = oldest; i <= p; i++) {
                double v = h.value(i, window.columns()[c]);
                if (Double.isNaN(v)) continue;
                k++;
                total += v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                double d = v - mu;
                mu += d / k;
                sq += d * (v - mu);
            }
            n[w][c] = k;
            sum[w][c] = total;
            min[w][c] = lo;
            max[w][c] = hi;
            mean[w][c] = mu;
            m2[w][c] = sq;
            first[w][c] = h.value(oldest, window.columns()[c]);
        }
    }

    double statistic(int w, int slot, WindowKind kind, double seconds) {
        double k = slot < 0 ? 0 : n[w][slot];
        return switch (kind) {
            case MEAN -> k > 0 ? sum[w][slot] / k : Double.NaN;
            case STD -> k > 1 ? Math.sqrt(m2[w][slot] / (k - 1)) : Double.NaN;
            case MIN -> k > 0 ? min[w][slot] : Double.NaN;
            case MAX -> k > 0 ? max[w][slot] : Double.NaN;
            case SUM -> k > 0 ? sum[w][slot] : Double.NaN;
            case COUNT -> slot < 0 ? events[w] : k;
            case RATE -> {
                if (slot >= 0 && k == 0) yield Double.NaN;
                if (seconds > 0) yield (slot < 0 ? events[w] : sum[w][slot]) / seconds;
                double after = slot < 0 ? events[w] - 1 : sum[w][slot] - (Double.isNaN(first[w][slot]) ? 0 : first[w][slot]);
                yield span[w] > 0 ? after / span[w] : Double.NaN;
            }
            default -> throw new IllegalStateException(kind + " is not a window statistic");
        };
    }
}
