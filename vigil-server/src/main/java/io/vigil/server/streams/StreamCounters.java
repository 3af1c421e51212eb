package io.vigil.server.streams;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stream's figures on this instance, written by its consumer thread and read by the API and the
 * meters: counts, the state, each held partition's lag, the rate (records scored per second over the
 * last second or more) and the last error.
 */
final class StreamCounters {
    final AtomicLong consumed = new AtomicLong();
    final AtomicLong scored = new AtomicLong();
    final AtomicLong alerts = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    private final Clock clock;
    private volatile String state = "starting";
    private volatile Map<Integer, Long> lags = Map.of();
    private volatile double rate;
    private volatile StreamStatus.LastError lastError;
    private long sampledAt = System.nanoTime();
    private long sampledCount;

    StreamCounters(Clock clock) {
        this.clock = clock;
    }

    void state(String state) {
        this.state = state;
    }

    String state() {
        return state;
    }

    void error(String message) {
        errors.incrementAndGet();
        lastError = new StreamStatus.LastError(clock.instant(), message);
    }

    /** The lags read by the consumer thread, and the rate since the last sample, at most once a second. */
    boolean sampleDue() {
        return System.nanoTime() - sampledAt >= 1_000_000_000L;
    }

    void sample(Map<Integer, Long> partitionLags) {
        long now = System.nanoTime();
        long count = scored.get() + deadLettered.get();
        rate = (count - sampledCount) * 1e9 / Math.max(1, now - sampledAt);
        sampledAt = now;
        sampledCount = count;
        lags = Map.copyOf(new TreeMap<>(partitionLags));
    }

    /** The lag of {@code partition}, for its gauge; NaN when this consumer does not hold it. */
    double lag(int partition) {
        Long lag = lags.get(partition);
        return lag == null || lag < 0 ? Double.NaN : lag; // -1: held, but its end not known yet
    }

    long totalLag() {
        long sum = 0;
        for (Long lag : lags.values()) {
            sum += lag == null || lag < 0 ? 0 : lag;
        }
        return sum;
    }

    double rate() {
        return rate;
    }

    Map<Integer, Long> lags() {
        return lags;
    }

    StreamStatus status(StreamDefinition definition) {
        List<StreamStatus.PartitionLag> partitions = new ArrayList<>();
        new TreeMap<>(lags).forEach((p, lag) -> partitions.add(new StreamStatus.PartitionLag(p, lag < 0 ? null : lag)));
        return new StreamStatus(definition.name(), definition, definition.group(), state, partitions, totalLag(), Math.round(rate * 10) / 10.0,
                consumed.get(), scored.get(), alerts.get(), deadLettered.get(), errors.get(), lastError);
    }
}
