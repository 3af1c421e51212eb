package io.vigil.server.serving;

import io.vigil.engine.features.InputField;
import io.vigil.engine.features.RecordValues;
import io.vigil.engine.table.ColumnKind;
import io.vigil.server.persistence.BinaryCopy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every prediction to the {@code predictions} table for monitoring, off the request path: a
 * request only offers its record to a bounded queue (never waits). Under overload it samples:
 * past three quarters full only one record in {@value #SAMPLE_EVERY} is kept, so monitoring still
 * sees every stretch of time; what is left out (and anything that meets a full queue) is counted
 * as dropped. One thread drains the queue into binary COPY batches; closing flushes what is queued.
 */
public final class PredictionRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PredictionRecorder.class);
    private static final String COPY = "copy predictions (id, at, model_id, version, numbers, categories, label, confidence,"
            + " probabilities, anomaly_score) from stdin with (format binary)";
    static final int BATCH = 2_000;
    // each COPY costs PostgreSQL a statement, a transaction and a WAL flush: let a batch fill a little first
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    static final int SAMPLE_EVERY = 8;

    private final Jdbi jdbi;
    private final MpscArrayQueue<PredictionRecord> queue; // many request threads offer, one writer drains; no lock
    private final int capacity;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    private final int sampleAbove;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread writer;
    private final BinaryCopy copy = new BinaryCopy(); // used by the writer thread only
    private volatile boolean running = true;

    /** {@code capacity} 0 records nothing. */
    public PredictionRecorder(Jdbi jdbi, int capacity) {
        this(jdbi, capacity, true);
    }

    /** {@code startWriter} false leaves the queue undrained: for tests of the request side. */
    PredictionRecorder(Jdbi jdbi, int capacity, boolean startWriter) {
        this.jdbi = jdbi;
        this.queue = capacity <= 0 ? null : new MpscArrayQueue<>(capacity);
        this.capacity = capacity;
        this.sampleAbove = capacity - capacity / 4;
        this.writer = new Thread(this::writeLoop, "vigil-prediction-writer");
        writer.setDaemon(true);
        if (queue != null && startWriter) {
            writer.start();
        }
    }

    void record(PredictionRecord r) {
        if (queue == null) {
            return;
        }
        int size = queue.size(); // the array is a power of two: the configured capacity is the bound
        boolean sampledOut = size >= sampleAbove && offered.incrementAndGet() % SAMPLE_EVERY != 0;
        if (sampledOut || size >= capacity || !queue.offer(r)) {
            if (dropped.incrementAndGet() % 10_000 == 1) {
                log.atWarn().addKeyValue("dropped", dropped.get()).log("prediction log is behind; sampling and dropping records");
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

    public int queued() {
        return queue == null ? 0 : queue.size();
    }

    private void writeLoop() {
        List<PredictionRecord> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            if (running && queue.size() < BATCH) {
                LockSupport.parkNanos(LINGER_NANOS); // nothing yet or a partial batch: let it fill, one COPY for many
            }
            queue.drain(batch::add, BATCH);
            if (!batch.isEmpty()) {
                write(batch);
                batch.clear();
            }
        }
    }

    /** One binary COPY per batch: PostgreSQL appends the rows without parsing text or JSON. */
    private void write(List<PredictionRecord> batch) {
        copy.reset();
        int skipped = 0;
        for (PredictionRecord r : batch) {
            try {
                append(copy, r); // reads every value before it writes any, so a failure leaves no partial row
            } catch (RuntimeException e) {
                skipped++;
                log.atWarn().addKeyValue("predictionId", r.result().predictionId()).addKeyValue("error", e.toString())
                        .log("prediction not recorded");
            }
        }
        failed.addAndGet(skipped);
        int rows = batch.size() - skipped;
        byte[] input = copy.finish();
        try {
            jdbi.useTransaction(h -> {
                // monitoring data: a crash may lose the last moment of it, so the commit need not wait for the disk
                h.execute("set local synchronous_commit to off");
                try {
                    h.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new ByteArrayInputStream(input));
                } catch (SQLException | IOException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            written.addAndGet(rows);
        } catch (RuntimeException e) {
            failed.addAndGet(rows);
            log.atWarn().setCause(e).addKeyValue("records", rows).log("could not write predictions; they are lost");
        }
    }

    /** One row of the {@code predictions} table: inputs split by kind, each array in the model's input order. */
    static void append(BinaryCopy copy, PredictionRecord r) {
        List<InputField> inputs = r.model().trained().pipeline().inputs();
        float[] numbers = new float[inputs.size()];
        List<String> categories = new ArrayList<>();
        int n = 0;
        for (InputField input : inputs) {
            Object value = r.features().get(input.name());
            if (input.kind() == ColumnKind.NUMERIC) {
                numbers[n++] = (float) RecordValues.number(input.name(), value);
            } else {
                categories.add(RecordValues.category(value));
            }
        }
        PredictionResult p = r.result();
        List<String> classes = r.model().trained().classes();
        float[] probabilities = new float[classes.size()];
        for (int c = 0; c < probabilities.length; c++) {
            probabilities[c] = p.probabilities().get(classes.get(c)).floatValue();
        }
        copy.row(10).uuid(p.predictionId()).timestamp(r.at()).uuid(p.model().id()).int4(p.model().version())
                .float4Array(numbers, n).textArray(categories.toArray(String[]::new)).text(p.label())
                .float4((float) p.confidence()).float4Array(probabilities, probabilities.length);
        if (p.anomalyScore() == null) {
            copy.nullValue();
        } else {
            copy.float4(p.anomalyScore().floatValue());
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
