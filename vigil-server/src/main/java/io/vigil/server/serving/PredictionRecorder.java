package io.vigil.server.serving;

import io.vigil.server.http.Json;
import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 * as dropped. One thread drains the queue into batched inserts; closing flushes what is queued.
 */
public final class PredictionRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PredictionRecorder.class);
    static final int BATCH = 500;
    static final int SAMPLE_EVERY = 8;

    private final Jdbi jdbi;
    private final BlockingQueue<PredictionRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    private final int sampleAbove;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;

    /** {@code capacity} 0 records nothing. */
    public PredictionRecorder(Jdbi jdbi, int capacity) {
        this(jdbi, capacity, true);
    }

    /** {@code startWriter} false leaves the queue undrained: for tests of the request side. */
    PredictionRecorder(Jdbi jdbi, int capacity, boolean startWriter) {
        this.jdbi = jdbi;
        this.queue = capacity <= 0 ? null : new ArrayBlockingQueue<>(capacity);
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
        boolean sampledOut = queue.size() >= sampleAbove && offered.incrementAndGet() % SAMPLE_EVERY != 0;
        if (sampledOut || !queue.offer(r)) {
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
            try {
                PredictionRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                if (!running) {
                    continue; // closing: drain what is left
                }
            }
            queue.drainTo(batch, BATCH - batch.size());
            write(batch);
            batch.clear();
        }
    }

    /** One COPY per batch: several times cheaper for PostgreSQL than as many INSERTs. */
    private void write(List<PredictionRecord> batch) {
        StringBuilder rows = new StringBuilder(batch.size() * 768);
        for (PredictionRecord r : batch) {
            PredictionResult p = r.result();
            rows.append(p.predictionId()).append('\t').append(r.at()).append('\t').append(p.model().id()).append('\t')
                    .append(p.model().version()).append('\t');
            copyText(rows, Json.write(r.features()));
            rows.append('\t');
            copyText(rows, Json.write(output(p)));
            rows.append('\n');
        }
        try {
            jdbi.useHandle(h -> {
                try {
                    h.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(
                            "copy predictions (id, at, model_id, version, features, output) from stdin",
                            new StringReader(rows.toString()));
                } catch (SQLException | IOException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            written.addAndGet(batch.size());
        } catch (RuntimeException e) {
            failed.addAndGet(batch.size());
            log.atWarn().setCause(e).addKeyValue("records", batch.size()).log("could not write predictions; they are lost");
        }
    }

    /** A value in COPY's text format: backslash, tab and line breaks escaped. */
    static void copyText(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    private static Map<String, Object> output(PredictionResult p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", p.label());
        out.put("probabilities", p.probabilities());
        out.put("confidence", p.confidence());
        if (p.anomalyScore() != null) {
            out.put("anomalyScore", p.anomalyScore());
            out.put("anomaly", p.anomaly());
        }
        return out;
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
