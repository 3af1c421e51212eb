package io.vigil.engine.windows;

/**
 * One window of one entity kept up to date as events come and go, so that an event costs the same
 * whatever the window holds: the events in it, and per value column its count of values, their
 * sum (Neumaier-compensated), mean and sum of squared deviations (Welford's method, with removal as
 * pandas' rolling variance does it) and, when a feature needs them, the candidates for its minimum
 * and maximum (monotonic deques). The rounding that removals leave behind is shed by counting the
 * window afresh each time it has turned over (as many removals as it holds events: constant work
 * per event on average), and whenever it empties.
 *
 * <p>The numbers live in the entity's {@link EntityHistory} ({@code counters}, {@code stats},
 * {@code deques}); a {@code WindowState} is where one window's are, shared by every entity.
 */
final class WindowState {
    static final int COUNTERS = 3;
    private static final int FRONT = 0;
    private static final int COUNT = 1;
    private static final int REMOVED = 2;
    static final int STATS = 5;
    private static final int N = 0;
    private static final int SUM = 1;
    private static final int COMP = 2;
    private static final int MEAN = 3;
    private static final int M2 = 4;

    private final int counters;   // where this window's counters start
    private final int stats;      // where its columns' statistics start
    private final int deques;     // where its columns' deques start (two per column: minimum, maximum)
    private final int[] columns;  // the value columns it reads

    WindowState(int index, int stats, int deques, int[] columns) {
        this.counters = index * COUNTERS;
        this.stats = stats;
        this.deques = deques;
        this.columns = columns;
    }

    long front(EntityHistory h) {
        return h.counters[counters + FRONT];
    }

    long count(EntityHistory h) {
        return h.counters[counters + COUNT];
    }

    /** Takes the event {@code seq} (the newest) into the window. */
    void add(EntityHistory h, long seq) {
        long[] k = h.counters;
        if (k[counters + COUNT] == 0) k[counters + FRONT] = seq;
        k[counters + COUNT]++;
        double[] s = h.stats;
        for (int c = 0; c < columns.length; c++) {
            double v = h.valueAt(seq, columns[c]);
            if (Double.isNaN(v)) continue;
            int at = stats + c * STATS;
            double n = ++s[at + N];
            addSum(s, at, v);
            double d = v - s[at + MEAN];
            s[at + MEAN] += d / n;
            s[at + M2] += d * (v - s[at + MEAN]);
            SeqDeque min = h.deques[deques + 2 * c];
            if (min != null) {
                SeqDeque max = h.deques[deques + 2 * c + 1];
                while (!min.isEmpty() && h.valueAt(min.last(), columns[c]) >= v) min.removeLast();
                min.addLast(seq);
                while (!max.isEmpty() && h.valueAt(max.last(), columns[c]) <= v) max.removeLast();
                max.addLast(seq);
            }
        }
    }

    /** Lets the oldest event of the window go. */
    void removeFront(EntityHistory h) {
        long[] k = h.counters;
        long seq = k[counters + FRONT]++;
        k[counters + REMOVED]++;
        if (--k[counters + COUNT] == 0) {
            clear(h);
            return;
        }
        double[] s = h.stats;
        for (int c = 0; c < columns.length; c++) {
            double v = h.valueAt(seq, columns[c]);
            if (Double.isNaN(v)) continue;
            int at = stats + c * STATS;
            double n = --s[at + N];
            if (n == 0) {
                s[at + SUM] = 0;
                s[at + COMP] = 0;
                s[at + MEAN] = 0;
                s[at + M2] = 0;
            } else {
                addSum(s, at, -v);
                double d = v - s[at + MEAN];
                s[at + MEAN] -= d / n;
                s[at + M2] -= d * (v - s[at + MEAN]);
            }
            SeqDeque min = h.deques[deques + 2 * c];
            if (min != null) {
                SeqDeque max = h.deques[deques + 2 * c + 1];
                if (!min.isEmpty() && min.first() == seq) min.removeFirst();
                if (!max.isEmpty() && max.first() == seq) max.removeFirst();
            }
        }
    }

    /** Whether it has let go as many events as it holds since it was last counted afresh. */
    boolean turnedOver(EntityHistory h) {
        long count = h.counters[counters + COUNT];
        return count > 0 && h.counters[counters + REMOVED] >= count;
    }

    /** Counts the window afresh: the events from {@code first} to {@code last}, as if they had just come. */
    void recount(EntityHistory h, long first, long last) {
        clear(h);
        for (long seq = first; seq <= last; seq++) add(h, seq);
    }

    void clear(EntityHistory h) {
        h.counters[counters + COUNT] = 0;
        h.counters[counters + REMOVED] = 0;
        java.util.Arrays.fill(h.stats, stats, stats + columns.length * STATS, 0);
        for (int c = 0; c < columns.length; c++) {
            SeqDeque min = h.deques[deques + 2 * c];
            if (min != null) {
                min.clear();
                h.deques[deques + 2 * c + 1].clear();
            }
        }
    }

    long values(EntityHistory h, int c) {
        return (long) h.stats[stats + c * STATS + N];
    }

    double sum(EntityHistory h, int c) {
        int at = stats + c * STATS;
        return h.stats[at + SUM] + h.stats[at + COMP];
    }

    double variance(EntityHistory h, int c) {
        int at = stats + c * STATS;
        return Math.max(0, h.stats[at + M2]) / (h.stats[at + N] - 1);
    }

    double min(EntityHistory h, int c) {
        return h.valueAt(h.deques[deques + 2 * c].first(), columns[c]);
    }

    double max(EntityHistory h, int c) {
        return h.valueAt(h.deques[deques + 2 * c + 1].first(), columns[c]);
    }

    private static void addSum(double[] s, int at, double x) {
        double sum = s[at + SUM];
        double t = sum + x;
        s[at + COMP] += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
        s[at + SUM] = t;
    }
}
