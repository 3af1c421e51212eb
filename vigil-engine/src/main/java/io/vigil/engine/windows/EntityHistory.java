package io.vigil.engine.windows;

/**
 * One entity's recent events, oldest first, in time order (events at the same time in the order
 * they came): a ring of times and value rows that grows up to the spec's cap. It holds what the
 * features can still need: the last {@code keepEvents} events (the longest count window, a lag)
 * and the events inside the longest time window of the latest one, never more than {@code cap};
 * and the {@link WindowState} of each of the spec's windows for its latest event. Each event also
 * has a sequence number, which the windows refer to it by. The offline transform and the online
 * state both keep one per entity and run the same code, which is why they agree to the bit.
 */
final class EntityHistory {
    private static final int INITIAL = 4;

    private final int width;
    private final int cap;
    private double[] times;
    private double[] values; // capacity x width
    private int head;
    private int size;
    /** The sequence number of the event at index 0. */
    private long firstSeq;
    /** Each window of the spec, for the latest event. */
    final WindowState[] windows;
    /** The fitted baselines of this entity, per residual feature (resolved once, when it is first seen). */
    final Baselines.Entity baselines;

    EntityHistory(int width, int cap, Baselines.Entity baselines, WindowState[] windows) {
        this.windows = windows;
        this.width = width;
        this.cap = cap;
        int capacity = Math.min(INITIAL, cap);
        this.times = new double[capacity];
        this.values = new double[capacity * width];
        this.baselines = baselines;
    }

    int size() {
        return size;
    }

    double time(int i) {
        return times[physical(i)];
    }

    double value(int i, int column) {
        return values[physical(i) * width + column];
    }

    long seq(int i) {
        return firstSeq + i;
    }

    double timeAt(long seq) {
        return time((int) (seq - firstSeq));
    }

    double valueAt(long seq, int column) {
        return value((int) (seq - firstSeq), column);
    }

    /** The time of the latest event held, or -infinity when none is. */
    double latest() {
        return size == 0 ? Double.NEGATIVE_INFINITY : time(size - 1);
    }

    /**
     * Where an event at {@code time} goes: after every event held at or before it (at the end, but
     * for a late event).
     */
    int positionOf(double time) {
        int p = size;
        while (p > 0 && time(p - 1) > time) p--;
        return p;
    }

    /** Whether an event at position {@code p} would be pushed out at once: the history is full and it is older than all of it. */
    boolean tooOld(int p) {
        return size == cap && p == 0;
    }

    /**
     * Inserts an event at position {@code p} (from {@link #positionOf}), dropping the oldest when
     * full; returns where it now is. The events after {@code p} move up one place (and one sequence
     * number): the windows must be rebuilt after a late event.
     */
    int insert(int p, double time, double[] row) {
        if (size == cap) {
            dropOldest();
            p--;
        } else if (size == times.length) {
            grow();
        }
        for (int i = size; i > p; i--) copy(i - 1, i); // a late event: the later ones move up one place
        int at = physical(p);
        times[at] = time;
        System.arraycopy(row, 0, values, at * width, width);
        size++;
        return p;
    }

    /**
     * Forgets what no feature of an event at or after the latest can need: the oldest events beyond
     * the last {@code keepEvents} that are at least {@code keepSeconds} older than the latest (out of
     * its window (latest - w, latest]).
     */
    void evict(int keepEvents, double keepSeconds) {
        double latest = latest();
        while (size > keepEvents && time(0) <= latest - keepSeconds) dropOldest();
    }

    /** Empties it (for a scratch history). */
    void clear() {
        head = 0;
        size = 0;
        for (WindowState w : windows) w.clear();
    }

    /** Forgets the oldest event; a window that still holds it must let it go first. */
    void dropOldest() {
        head = head + 1 == times.length ? 0 : head + 1;
        size--;
        firstSeq++;
    }

    private void copy(int from, int to) {
        int f = physical(from);
        int t = physical(to);
        times[t] = times[f];
        System.arraycopy(values, f * width, values, t * width, width);
    }

    private int physical(int i) {
        int p = head + i;
        return p >= times.length ? p - times.length : p;
    }

    private void grow() {
        int capacity = (int) Math.min((long) times.length * 2, cap);
        double[] t = new double[capacity];
        double[] v = new double[capacity * width];
        for (int i = 0; i < size; i++) {
            int p = physical(i);
            t[i] = times[p];
            System.arraycopy(values, p * width, v, i * width, width);
        }
        times = t;
        values = v;
        head = 0;
    }
}
