package io.vigil.engine.anomaly;

/**
 * The last {@code capacity} surprises of a signal, to say whether a new one is a record (larger than
 * every one remembered) and how it ranks. The first {@code warmUp} surprises are never remembered:
 * a detector's early surprises are inflated by its short history and would hide real records for a
 * whole window.
 */
final class RecordMemory {

    private final RollingWindow past;
    private final int warmUp;
    private final int minRemembered;
    private int seen;

    RecordMemory(int capacity, int warmUp, int minRemembered) {
        this.past = new RollingWindow(capacity);
        this.warmUp = warmUp;
        this.minRemembered = minRemembered;
    }

    /** Whether enough surprises are remembered to rank a new one. */
    boolean ready() {
        return past.size() >= minRemembered;
    }

    /** The share of remembered surprises smaller than {@code surprise} (1 for a record); 0 before {@link #ready()}. */
    double rank(double surprise) {
        return ready() ? (double) past.countBelow(surprise) / past.size() : 0;
    }

    void remember(double surprise) {
        if (seen++ >= warmUp) {
            past.add(surprise);
        }
    }
}
