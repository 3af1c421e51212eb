package io.vigil.engine.windows;

/**
 * One entity's recent events, oldest first, in time order (events at the same time in the order
 * they came): a ring of times and value rows that grows up to the spec's cap. It holds what the
 * features can still need: the last {@code keepEvents} events (the longest count window, a lag)
 * and the events inside the longest time window of the latest one, never more than {@code cap};
 * and the state of each of the spec's windows for its latest event ({@link WindowState}, kept here
 * in flat arrays: an update touches few cache lines, which with thousands of entities is what it
 * costs). Each event also has a sequence number, which the windows refer to it by. The offline
 * transform and the online state both keep one per entity and run the same code, which is why
 * they agree to the bit.
 */
final class EntityHistory {
    private static final int INITIAL = 4;

    private final int width;
    private final int stride; // a slot: the time, then the values
    private final int cap;
    private double[] slots; // capacity x stride
    private int capacity;
    private int head;
    private int size;
    /** The sequence number of the event at index 0. */
    private long firstSeq;
    /** Per window: the sequence number of its oldest event, its events, its removals since it was last counted afresh. */
    final long[] counters;
    /** Per window and column: values, sum, its compensation, mean, sum of squared deviations. */
    final double[] stats;
    /** Per window and column whose minimum and maximum are asked for: the candidates of each (else null). */
    final SeqDeque[] deques;
    /** The fitted baselines of this entity, per residual feature (resolved once, when it is first seen). */
    final Baselines.Entity baselines;

    EntityHistory(int width, int cap, Baselines.Entity baselines, int windows, int stats, SeqDeque[] deques) {
        this.width = width;
        this.stride = width + 1;
        this.cap = cap;
        this.capacity = Math.min(INITIAL, cap);
        this.slots = new double[capacity * stride];
        this.baselines = baselines;
        this.counters = new long[windows * WindowState.COUNTERS];
        this.stats = new double[stats];
        this.deques = deques;
    }

    int size() {
        return size;
    }

    double time(int i) {
        return slots[physical(i) * stride];
    }

    double value(int i, int column) {
        return slots[physical(i) * stride + 1 + column];
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
        } else if (size == capacity) {
            grow();
        }
        for (int i = size; i > p; i--) copy(i - 1, i); // a late event: the later ones move up one place
        int at = physical(p) * stride;
        slots[at] = time;
        System.arraycopy(row, 0, slots, at + 1, width);
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
        java.util.Arrays.fill(counters, 0);
        java.util.Arrays.fill(stats, 0);
        for (SeqDeque d : deques) {
            if (d != null) d.clear();
        }
    }

    /** Forgets the oldest event; a window that still holds it must let it go first. */
    void dropOldest() {
        head = head + 1 == capacity ? 0 : head + 1;
        size--;
        firstSeq++;
    }

    private void copy(int from, int to) {
        System.arraycopy(slots, physical(from) * stride, slots, physical(to) * stride, stride);
    }

    private int physical(int i) {
        int p = head + i;
        return p >= capacity ? p - capacity : p;
    }

    private void grow() {
        int bigger = (int) Math.min((long) capacity * 2, cap);
        double[] s = new double[bigger * stride];
        for (int i = 0; i < size; i++) System.arraycopy(slots, physical(i) * stride, s, i * stride, stride);
        slots = s;
        capacity = bigger;
        head = 0;
    }
}
