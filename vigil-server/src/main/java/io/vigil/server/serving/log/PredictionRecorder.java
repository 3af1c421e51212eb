package io.vigil.server.serving.log;

import io.vigil.server.persistence.BinaryCopy;
import io.vigil.server.serving.models.PredictionIds;
import io.vigil.server.serving.scoring.PredictionBatchRecord;
import io.vigil.server.serving.scoring.PredictionLog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every prediction to the prediction log for monitoring, off the request path: a request
 * only offers its record to a bounded queue (never waits). Everything goes to
 * {@code prediction_batches}: a scored batch as one row, single predictions as one row per run of
 * consecutive ids (those made in the same millisecond by one model version). The bound is in
 * predictions: under overload the recorder samples, past three quarters full only one record in
 * {@value #SAMPLE_EVERY} is kept, so monitoring still sees every stretch of time; what is left out
 * (and anything that meets a full queue) is counted as dropped. One thread drains the queue into
 * binary COPYs; closing flushes what is queued. A {@link PredictionObserver} sees each record the
 * writer takes before it is written (and counts those left out), for monitoring's per-minute figures.
 *
 * <p>The log also has a rate: it takes at most so many predictions a second (a burst of one
 * second's worth at once), and leaves out, counted, what comes faster. Each prediction logged
 * costs PostgreSQL a few microseconds of CPU and about 200 bytes of disk; scoring a row costs less,
 * so without a rate a stream of large batches would spend most of the machine on the log.
 */
public final class PredictionRecorder implements PredictionLog, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PredictionRecorder.class);
    private static final String COPY = "copy prediction_batches (id, at, model_id, version, size, numbers, categories,"
            + " labels, confidences, probabilities, anomaly_scores, experiment_id, arm, shadow_of, event_keys, event_times, event_values)"
            + " from stdin with (format binary)";
    /** Predictions per write (a batch record larger than this is written alone). */
    static final int BATCH = 2_000;
    // each COPY costs PostgreSQL a statement, a transaction and a WAL flush: let a batch fill a little first
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    static final int SAMPLE_EVERY = 8;
    private static final long BURST_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Jdbi jdbi;
    // many request threads offer, one writer drains, no lock; holds PredictionBatchRecords (Object for tests)
    private final MpscArrayQueue<Object> queue;
    private final int capacity;
    private final AtomicInteger pending = new AtomicInteger(); // predictions queued; may pass capacity by one batch per thread
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    private final int sampleAbove;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final long nanosPerPrediction;
    // the rate as a generic cell rate algorithm: the time at which the log's budget is next free
    private final AtomicLong budgetFreeAt = new AtomicLong(System.nanoTime());
    private final Thread writer;
    private final BinaryCopy copy = new BinaryCopy(); // used by the writer thread only
    private final PredictionObserver observer;
    private volatile boolean running = true;

    /** {@code capacity} (predictions) 0 records nothing; at most {@code perSecond} predictions a second. */
    public PredictionRecorder(Jdbi jdbi, int capacity, int perSecond, PredictionObserver observer) {
        this(jdbi, capacity, perSecond, observer, true);
    }

    /** {@code startWriter} false leaves the queue undrained: for tests of the request side. */
    PredictionRecorder(Jdbi jdbi, int capacity, int perSecond, boolean startWriter) {
        this(jdbi, capacity, perSecond, PredictionObserver.NONE, startWriter);
    }

    private PredictionRecorder(Jdbi jdbi, int capacity, int perSecond, PredictionObserver observer, boolean startWriter) {
        this.jdbi = jdbi;
        this.observer = observer;
        this.nanosPerPrediction = TimeUnit.SECONDS.toNanos(1) / Math.max(1, perSecond);
        this.queue = capacity <= 0 ? null : new MpscArrayQueue<>(capacity);
        this.capacity = capacity;
        this.sampleAbove = capacity - capacity / 4;
        this.writer = new Thread(this::writeLoop, "vigil-prediction-writer");
        writer.setDaemon(true);
        if (queue != null && startWriter) {
            writer.start();
        }
    }

    @Override
    public boolean enabled() {
        return queue != null;
    }

    @Override
    public void record(PredictionBatchRecord b) {
        if (b.size() > 0) {
            offer(b, b.size());
        }
    }

    /** Queues {@code entry}, which holds {@code predictions}, or counts them as dropped. */
    void offer(Object entry, int predictions) {
        if (queue == null) {
            return;
        }
        int queued = pending.get();
        boolean sampledOut = queued >= sampleAbove && offered.incrementAndGet() % SAMPLE_EVERY != 0;
        if (sampledOut || queued + predictions > capacity || !withinRate(predictions) || !queue.offer(entry)) {
            if (entry instanceof PredictionBatchRecord r) {
                observer.unrecorded(r, predictions);
            }
            long before = dropped.getAndAdd(predictions);
            if (before == 0 || before / 10_000 != (before + predictions) / 10_000) { // the first, then every 10,000th
                log.atWarn().addKeyValue("dropped", before + predictions).log("prediction log over its rate or behind; sampling and dropping records");
            }
            return;
        }
        pending.addAndGet(predictions);
    }

    /** Takes {@code predictions} from the rate's budget, unless that would pass one second's worth ahead. */
    private boolean withinRate(int predictions) {
        long now = System.nanoTime();
        long cost = predictions * nanosPerPrediction;
        while (true) {
            long freeAt = budgetFreeAt.get();
            // a record larger than a second's budget still goes when the budget is free, then the rate catches up
            if (freeAt - now > 0 && freeAt + cost - now > BURST_NANOS) {
                return false;
            }
            if (budgetFreeAt.compareAndSet(freeAt, Math.max(freeAt - now, 0) + now + cost)) {
                return true;
            }
        }
    }

    public long dropped() {
        return dropped.get();
    }

    public long written() {
        return written.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Predictions waiting to be written. */
    public int queued() {
        return pending.get();
    }

    private void writeLoop() {
        List<PredictionBatchRecord> records = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            if (running && pending.get() < BATCH) {
                LockSupport.parkNanos(LINGER_NANOS); // nothing yet or a partial batch: let it fill, one COPY for many
            }
            copy.reset();
            records.clear();
            int predictions = 0;
            Object entry;
            while (predictions < BATCH && (entry = queue.relaxedPoll()) != null) {
                PredictionBatchRecord r = (PredictionBatchRecord) entry;
                observe(r);
                records.add(r);
                predictions += r.size();
            }
            pending.addAndGet(-predictions);
            int skipped = appendRuns(copy, records);
            failed.addAndGet(skipped);
            if (predictions > skipped) {
                write(predictions - skipped);
            }
        }
    }

    /** Shows {@code r} to the observer; its failure costs the observer's figures, never the log. */
    private void observe(PredictionBatchRecord r) {
        try {
            observer.recorded(r);
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("the prediction observer failed on a record; the record is still written");
        }
    }

    /**
     * Appends records as rows of {@code prediction_batches}, records that continue each other joined
     * into one row: single predictions of one model version made together have consecutive ids (see
     * {@link PredictionIds}), and one row for many is far less work for PostgreSQL than a row each.
     * Returns the predictions it could not record.
     */
    static int appendRuns(BinaryCopy copy, List<PredictionBatchRecord> records) {
        records.sort(Comparator.comparing((PredictionBatchRecord r) -> r.firstId()));
        int skipped = 0;
        int from = 0;
        for (int i = 1; i <= records.size(); i++) {
            if (i == records.size() || !records.get(i - 1).continuedBy(records.get(i))) {
                skipped += append(copy, PredictionBatchRecord.join(records.subList(from, i)));
                from = i;
            }
        }
        return skipped;
    }

    /** One binary COPY in one transaction: PostgreSQL appends the rows without parsing text or JSON. */
    private void write(int predictions) {
        if (copy.rows() == 0) {
            return;
        }
        byte[] rows = copy.finish();
        try {
            jdbi.useTransaction(h -> {
                // monitoring data: a crash may lose the last moment of it, so the commit need not wait for the disk
                h.execute("set local synchronous_commit to off");
                try {
                    h.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new ByteArrayInputStream(rows));
                } catch (SQLException | IOException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            written.addAndGet(predictions);
        } catch (RuntimeException e) {
            failed.addAndGet(predictions);
            log.atWarn().setCause(e).addKeyValue("records", predictions).log("could not write predictions; they are lost");
        }
    }

    /**
     * Appends one row of {@code prediction_batches}, the batch's arrays each cut to its size; returns
     * the predictions it could not record (all or none: every value is read before any is written).
     */
    static int append(BinaryCopy copy, PredictionBatchRecord b) {
        int n = b.size();
        try {
            copy.row(17).uuid(b.firstId()).timestamp(b.at()).uuid(b.model().ref().id()).int4(b.model().ref().version()).int4(n)
                    .float4Array(b.numbers(), n * b.numericInputs()).textArray(b.categories(), n * b.categoricalInputs())
                    .textArray(b.labels(), n).float4Array(b.confidences(), n).float4Array(b.probabilities(), n * b.classes());
            if (b.anomalyScores() == null) {
                copy.nullValue();
            } else {
                copy.float4Array(b.anomalyScores(), n);
            }
            // the experiment's columns: null for every prediction no experiment routed
            if (b.experimentId() == null) {
                copy.nullValue().nullValue();
            } else {
                copy.uuid(b.experimentId()).text(b.arm().wire());
            }
            if (b.shadowOf() == null) {
                copy.nullValue();
            } else {
                copy.uuid(b.shadowOf());
            }
            // the raw events of a model with window features (V19), which a restart replays
            if (b.eventKeys() == null) {
                copy.nullValue().nullValue().nullValue();
            } else {
                copy.textArray(b.eventKeys(), n).float8Array(b.eventTimes(), n).float8Array(b.eventRows(), n * b.eventValues());
            }
            return 0;
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("predictions", n).addKeyValue("error", e.toString()).log("predictions not recorded");
            return n;
        }
    }

    /** Stops taking records and writes those still queued (bounded wait). */
    @Override
    public void close() {
        if (queue == null) {
            return;
        }
        running = false; // the writer sees it within one poll; no interrupt, which could break a JDBC write
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.atInfo().addKeyValue("written", written.get()).addKeyValue("dropped", dropped.get())
                .addKeyValue("failed", failed.get()).log("prediction log closed");
    }
}
