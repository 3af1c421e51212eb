package io.vigil.server.monitoring.live;

import io.vigil.server.serving.log.PredictionObserver;
import io.vigil.server.serving.scoring.PredictionBatchRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what every model version predicts, minute by minute, in memory, and adds the counts to
 * PostgreSQL when {@link #flush} runs (every minute, at stop, and before the metrics are read).
 * It sees each record on the prediction log's writer thread ({@link PredictionObserver}), so the
 * request thread does nothing for it but carry a time in the record; predictions the log leaves out
 * under overload are counted on the request thread (a counter add), as {@code unrecorded}. The
 * database adds rather than sets, so several instances sharing it count into the same rows.
 */
public final class MinuteAggregator implements PredictionObserver {
    private static final Logger log = LoggerFactory.getLogger(MinuteAggregator.class);
    /** Minutes held in memory at most when the database refuses flushes (about 1 KB each). */
    static final int MAX_PENDING = 100_000;

    /** Where flushed counts go: {@link PredictionMinutes}. */
    interface Store {
        /** Adds {@code counts} to what is stored; a failure leaves the stored counts unchanged. */
        void add(Map<MinuteCounts.Key, MinuteCounts> counts);
    }

    private final Store store;
    private final Clock clock;
    private final Object lock = new Object();
    private Map<MinuteCounts.Key, MinuteCounts> pending = new HashMap<>(); // guarded by lock
    private final ConcurrentHashMap<MinuteCounts.Key, LongAdder> unrecorded = new ConcurrentHashMap<>();
    private long lost; // guarded by lock: minutes given up on while the database refused

    public MinuteAggregator(PredictionMinutes store, Clock clock) {
        this((Store) store, clock);
    }

    MinuteAggregator(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void recorded(PredictionBatchRecord r) {
        MinuteCounts.Key key = key(r);
        synchronized (lock) {
            pending.computeIfAbsent(key, k -> new MinuteCounts()).addCall(r.labels(), r.confidences(), r.size(), r.nanos());
        }
    }

    @Override
    public void unrecorded(PredictionBatchRecord r, int predictions) {
        unrecorded.computeIfAbsent(key(r), k -> new LongAdder()).add(predictions);
    }

    private static MinuteCounts.Key key(PredictionBatchRecord r) {
        return new MinuteCounts.Key(r.model().ref().id(), r.model().ref().version(), minuteOf(r.at()));
    }

    static Instant minuteOf(Instant at) {
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), 60) * 60);
    }

    /**
     * Adds what was counted since the last flush to the database; what it cannot add is kept for
     * the next one (up to {@link #MAX_PENDING} minutes, then the oldest are given up, counted in the log).
     */
    public void flush() {
        Map<MinuteCounts.Key, MinuteCounts> taken;
        synchronized (lock) {
            taken = pending;
            pending = new HashMap<>();
        }
        drainUnrecorded(taken);
        if (taken.isEmpty()) {
            return;
        }
        try {
            store.add(taken);
        } catch (RuntimeException e) {
            keepForNextFlush(taken);
            log.atWarn().setCause(e).addKeyValue("minutes", taken.size()).log("could not store the per-minute prediction counts; kept for the next flush");
        }
    }

    /** Moves the counts of predictions left out of the log into {@code into}; minutes past are forgotten once read. */
    private void drainUnrecorded(Map<MinuteCounts.Key, MinuteCounts> into) {
        Instant settled = minuteOf(clock.instant()).minus(Duration.ofMinutes(2)); // a late request thread may still add to newer ones
        for (Iterator<Map.Entry<MinuteCounts.Key, LongAdder>> it = unrecorded.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<MinuteCounts.Key, LongAdder> e = it.next();
            boolean past = e.getKey().minute().isBefore(settled);
            if (past) {
                it.remove();
            }
            long n = past ? e.getValue().sum() : e.getValue().sumThenReset();
            if (n > 0) {
                into.computeIfAbsent(e.getKey(), k -> new MinuteCounts()).unrecorded += n;
            }
        }
    }

    private void keepForNextFlush(Map<MinuteCounts.Key, MinuteCounts> failed) {
        synchronized (lock) {
            failed.forEach((key, counts) -> pending.computeIfAbsent(key, k -> new MinuteCounts()).addAll(counts));
            if (pending.size() > MAX_PENDING) {
                Iterator<MinuteCounts.Key> oldest = pending.keySet().stream()
                        .sorted(java.util.Comparator.comparing(MinuteCounts.Key::minute)).limit(pending.size() - MAX_PENDING).iterator();
                while (oldest.hasNext()) {
                    pending.remove(oldest.next());
                    lost++;
                }
                log.atError().addKeyValue("minutesLost", lost).log("per-minute prediction counts given up: the database refused them too long");
            }
        }
    }
}
