package io.vigil.engine.windows;

/**
 * One window of one entity kept up to date as events come and go, so that an event costs the same
 * whatever the window holds: the events in it, and per value column its count of values, their
 * sum (Neumaier-compensated), mean and sum of squared deviations (Welford's method, with removal as
 * pandas' rolling variance does it) and, when a feature needs them, the candidates for its minimum
 * and maximum (monotonic deques). The rounding that removals leave behind is shed by counting the
 * window afresh each time it has turned over (as many removals as it holds events: constant work
 * per event on average), and whenever it empties.
 */
final class WindowState {
    private final int[] columns;
    private final SeqDeque[] mins;
    private final SeqDeque[] maxs;
    private final long[] n;
    private final double[] sum;
    private final double[] comp;
    private final double[] mean;
    private final double[] m2;
    /** Sequence number of the oldest event in the window (meaningless while it is empty). */
    long front;
    long count;
    private long removed; // since the window was last counted afresh

    /** @param extremes per column, whether its minimum and maximum are asked for */
    WindowState(int[] columns, boolean[] extremes) {
        this.columns = columns;
        int k = columns.length;
        this.mins = new SeqDeque[k];
        this.maxs = new SeqDeque[k];
        for (int c = 0; c < k; c++) {
            if (extremes[c]) {
                mins[c] = new SeqDeque();
                maxs[c] = new SeqDeque();
            }
        }
        this.n = new long[k];
        this.sum = new double[k];
        this.comp = new double[k];
        this.mean = new double[k];
        this.m2 = new double[k];
    }

    /** Takes the event {@code seq} (the newest) into the window. */
    void add(EntityHistory h, long seq) {
        if (count == 0) front = seq;
        count++;
        for (int c = 0; c < columns.length; c++) {
            double v = h.valueAt(seq, columns[c]);
            if (Double.isNaN(v)) continue;
            n[c]++;
            addSum(c, v);
            double d = v - mean[c];
            mean[c] += d / n[c];
            m2[c] += d * (v - mean[c]);
            if (mins[c] != null) {
                while (!mins[c].isEmpty() && h.valueAt(mins[c].last(), columns[c]) >= v) mins[c].removeLast();
                mins[c].addLast(seq);
                while (!maxs[c].isEmpty() && h.valueAt(maxs[c].last(), columns[c]) <= v) maxs[c].removeLast();
                maxs[c].addLast(seq);
            }
        }
    }

    /** Lets the oldest event of the window go. */
    void removeFront(EntityHistory h) {
        long seq = front;
        front++;
        removed++;
        if (--count == 0) {
            clear();
            return;
        }
        for (int c = 0; c < columns.length; c++) {
            double v = h.valueAt(seq, columns[c]);
            if (Double.isNaN(v)) continue;
            if (--n[c] == 0) {
                sum[c] = 0;
                comp[c] = 0;
                mean[c] = 0;
                m2[c] = 0;
            } else {
                addSum(c, -v);
                double d = v - mean[c];
                mean[c] -= d / n[c];
                m2[c] -= d * (v - mean[c]);
            }
            if (mins[c] != null) {
                if (!mins[c].isEmpty() && mins[c].first() == seq) mins[c].removeFirst();
                if (!maxs[c].isEmpty() && maxs[c].first() == seq) maxs[c].removeFirst();
            }
        }
    }

    /** Whether it has let go as many events as it holds since it was last counted afresh. */
    boolean turnedOver() {
        return count > 0 && removed >= count;
    }

    /** Counts the window afresh: the events from {@link #front} to {@code last}, as if they had just come. */
    void recount(EntityHistory h, long last) {
        long from = front;
        clear();
        for (long seq = from; seq <= last; seq++) add(h, seq);
    }

    void clear() {
        count = 0;
        removed = 0;
        for (int c = 0; c < columns.length; c++) {
            n[c] = 0;
            sum[c] = 0;
            comp[c] = 0;
            mean[c] = 0;
            m2[c] = 0;
            if (mins[c] != null) {
                mins[c].clear();
                maxs[c].clear();
            }
        }
    }

    long values(int c) {
        return n[c];
    }

    double sum(int c) {
        return sum[c] + comp[c];
    }

    double variance(int c) {
        return Math.max(0, m2[c]) / (n[c] - 1);
    }

    double min(EntityHistory h, int c) {
        return h.valueAt(mins[c].first(), columns[c]);
    }

    double max(EntityHistory h, int c) {
        return h.valueAt(maxs[c].first(), columns[c]);
    }

    private void addSum(int c, double x) {
        double t = sum[c] + x;
        comp[c] += Math.abs(sum[c]) >= Math.abs(x) ? (sum[c] - t) + x : (x - t) + sum[c];
        sum[c] = t;
    }
}
