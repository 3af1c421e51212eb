package io.vigil.server.monitoring.live;

import java.util.Arrays;

/**
 * The fixed bins of monitoring's per-minute histograms. Fixed, so the counts of every instance and
 * every minute add up bin by bin (in PostgreSQL, and here). Confidence: ten bins of the predicted
 * label's probability. Latency: ten log-spaced bins per decade from 1 microsecond to 10 seconds
 * (each bin's upper bound about 26 % above its lower one), plus one below and one above: a
 * percentile read from them is within that step of the truth.
 */
public final class Histograms {
    /** Bins of the confidence histogram: [0, 0.1), [0.1, 0.2), ... [0.9, 1]. */
    public static final int CONFIDENCE_BINS = 10;
    /** Upper bounds (exclusive) of the latency bins but the last, in nanoseconds: 1 us to 10 s. */
    static final long[] LATENCY_BOUNDS_NANOS = latencyBounds();
    /** Bins of the latency histogram: below 1 us, the log-spaced ones, and 10 s or more. */
    public static final int LATENCY_BINS = LATENCY_BOUNDS_NANOS.length + 1;

    private static final int BINS_PER_DECADE = 10;

    private Histograms() {}

    private static long[] latencyBounds() {
        int decades = 7; // 1e3 ns to 1e10 ns
        long[] bounds = new long[decades * BINS_PER_DECADE + 1];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = Math.round(1_000 * Math.pow(10, (double) i / BINS_PER_DECADE));
        }
        return bounds;
    }

    /** The confidence bin of {@code confidence} (a probability; anything outside [0, 1] goes to the nearest end). */
    public static int confidenceBin(double confidence) {
        if (!(confidence > 0)) {
            return 0; // NaN too: a prediction without a probability has none to spread
        }
        return Math.min(CONFIDENCE_BINS - 1, (int) (confidence * CONFIDENCE_BINS));
    }

    /** The latency bin of {@code nanos}. */
    public static int latencyBin(long nanos) {
        int i = Arrays.binarySearch(LATENCY_BOUNDS_NANOS, nanos);
        return i >= 0 ? i + 1 : -i - 1; // a bound itself opens the next bin
    }

    /** Lower bound of latency bin {@code bin}, in nanoseconds. */
    static long latencyLower(int bin) {
        return bin == 0 ? 0 : LATENCY_BOUNDS_NANOS[bin - 1];
    }

    /** Upper bound of latency bin {@code bin}, in nanoseconds; the last bin has none (Long.MAX_VALUE). */
    static long latencyUpper(int bin) {
        return bin < LATENCY_BOUNDS_NANOS.length ? LATENCY_BOUNDS_NANOS[bin] : Long.MAX_VALUE;
    }

    /**
     * The {@code q} quantile (0 to 1) of the latency histogram {@code bins}, in milliseconds, or
     * NaN when it counts nothing. Read like Prometheus' {@code histogram_quantile}: the rank's bin,
     * then inside it, here geometrically (the bins are log-spaced). A rank in the open last bin
     * answers that bin's lower bound, 10 s: the true value is at least that.
     */
    public static double latencyQuantileMillis(long[] bins, double q) {
        long total = 0;
        for (long c : bins) {
            total += c;
        }
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        long below = 0;
        for (int b = 0; b < bins.length; b++) {
            if (bins[b] == 0 || below + bins[b] < rank) {
                below += bins[b];
                continue;
            }
            double within = Math.max(0, Math.min(1, (rank - below) / bins[b]));
            double lower = latencyLower(b);
            double upper = latencyUpper(b);
            double nanos;
            if (b == bins.length - 1) {
                nanos = lower;
            } else if (b == 0) {
                nanos = upper * within;
            } else {
                nanos = lower * Math.pow(upper / lower, within);
            }
            return nanos / 1e6;
        }
        return latencyLower(bins.length - 1) / 1e6;
    }

    /** {@code into[i] += add[i]} for every bin. */
    public static void add(long[] into, long[] add) {
        for (int i = 0; i < into.length && i < add.length; i++) {
            into[i] += add[i];
        }
    }
}
