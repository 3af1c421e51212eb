package io.vigil.server.monitoring.drift;

import io.vigil.engine.drift.LiveWindow;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

/**
 * Reads a window of one model version's prediction log into a {@link LiveWindow}, newest rows
 * first up to a cap. It reads {@code prediction_batches} whole rows (a batch's inputs are one array)
 * with a binary {@code COPY ... TO STDOUT}: no text to parse and no row per prediction, where the
 * {@code prediction_log} view unnests every batch into rows (measured in BENCHMARKS.md, "Drift").
 * The count and the rows are read in one repeatable-read transaction, so they agree.
 */
final class PredictionWindows {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private final Jdbi jdbi;

    PredictionWindows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * The rows version {@code version} of {@code modelId} logged in {@code [from, to)}: all of them
     * in {@code rowsInWindow}, the newest {@code maxRows} in {@code window}. A batch whose arrays do
     * not have this version's shape is left out and counted in {@code skipped}.
     */
    record Read(long rowsInWindow, LiveWindow window, long skipped) {
    }

    Read read(UUID modelId, int version, Instant from, Instant to, int maxRows, int numericInputs, int categoricalInputs,
              boolean detector) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            long inWindow = h.createQuery("select coalesce(sum(size), 0) from prediction_batches where model_id = :model"
                            + " and version = :version and at >= :from and at < :to")
                    .bind("model", modelId).bind("version", version).bind("from", java.sql.Timestamp.from(from))
                    .bind("to", java.sql.Timestamp.from(to)).mapTo(Long.class).one();
            int rows = (int) Math.min(inWindow, maxRows);
            Columns columns = new Columns(rows, numericInputs, categoricalInputs, detector);
            copy(h, copySql(modelId, version, from, to, maxRows), columns);
            return new Read(inWindow, columns.window(), columns.skipped);
        });
    }

    /**
     * COPY takes no parameters: the values are written in, each of a type that cannot carry SQL (a
     * UUID, whole numbers, instants in ISO-8601). Batches newest first, while the rows before them
     * are fewer than the cap.
     */
    static String copySql(UUID modelId, int version, Instant from, Instant to, int maxRows) {
        return "copy (select b.size, b.numbers, b.categories, b.labels, b.anomaly_scores"
                + " from (select id, size, sum(size) over (order by at desc, id desc) as upto from prediction_batches"
                + " where model_id = '" + modelId + "' and version = " + version
                + " and at >= '" + from + "'::timestamptz and at < '" + to + "'::timestamptz) n"
                + " join prediction_batches b on b.id = n.id where n.upto - n.size < " + maxRows
                + " order by b.at desc, b.id desc) to stdout with (format binary)";
    }

    private static void copy(Handle h, String sql, Columns columns) {
        try (InputStream raw = new PGCopyInputStream(h.getConnection().unwrap(PGConnection.class), sql);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            byte[] signature = new byte[SIGNATURE.length];
            in.readFully(signature);
            if (!Arrays.equals(signature, SIGNATURE)) throw new IOException("not a binary COPY stream");
            in.readInt(); // flags
            in.skipNBytes(in.readInt()); // header extension
            for (short fields; (fields = in.readShort()) != -1; ) {
                if (fields != 5) throw new IOException("expected 5 fields a row, got " + fields);
                columns.batch(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the prediction log", e);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the prediction log", e);
        }
    }

    /** The window's columns, filled batch by batch (newest first) until they are full. */
    private static final class Columns {
        final int capacity;
        final int numericInputs;
        final int categoricalInputs;
        final float[][] numeric;
        final String[][] categorical;
        final String[] labels;
        final float[] scores;
        int rows;
        long skipped;
        // one field's bytes, and one batch's arrays as read from them: reused from batch to batch
        byte[] field = new byte[1 << 16];
        float[] numbers = new float[0];
        String[] categories = new String[0];
        String[] batchLabels = new String[0];
        float[] batchScores = new float[0];

        Columns(int capacity, int numericInputs, int categoricalInputs, boolean detector) {
            this.capacity = capacity;
            this.numericInputs = numericInputs;
            this.categoricalInputs = categoricalInputs;
            this.numeric = new float[numericInputs][capacity];
            this.categorical = new String[categoricalInputs][capacity];
            this.labels = new String[capacity];
            this.scores = detector ? new float[capacity] : null;
        }

        void batch(DataInputStream in) throws IOException {
            in.readInt();
            int size = in.readInt();
            int n = read(in) ? floats(size * (long) numericInputs, true) : -1;
            int c = read(in) ? texts(size * (long) categoricalInputs, true) : -1;
            int l = read(in) ? texts(size, false) : -1;
            int s = read(in) ? floats(size, false) : -1;
            boolean fits = n == size * numericInputs && c == size * categoricalInputs && l == size && (scores == null || s == size);
            if (!fits) {
                skipped += size;
                return;
            }
            int take = Math.min(size, capacity - rows);
            int first = size - take; // the batch's newest rows are its last
            for (int r = 0; r < take; r++) {
                int row = first + r;
                for (int j = 0; j < numericInputs; j++) numeric[j][rows + r] = numbers[row * numericInputs + j];
                for (int j = 0; j < categoricalInputs; j++) categorical[j][rows + r] = categories[row * categoricalInputs + j];
                labels[rows + r] = batchLabels[row];
                if (scores != null) scores[rows + r] = batchScores[row];
            }
            rows += take;
        }

        LiveWindow window() {
            return new LiveWindow(rows, numeric, categorical, labels, scores);
        }

        /** Reads the next field's bytes into {@link #field}; false when it is null. */
        private boolean read(DataInputStream in) throws IOException {
            int length = in.readInt();
            if (length < 0) return false;
            if (field.length < length) field = new byte[Math.max(length, field.length * 2)];
            in.readFully(field, 0, length);
            fieldLength = length;
            return true;
        }

        private int fieldLength;

        /**
         * A {@code real[]} (array_send's layout: dimensions, has-nulls, element type, then per
         * dimension its size and lower bound, then each element's length and bytes) into
         * {@link #numbers} or {@link #batchScores}; its length, or -1 when not of {@code expected} elements.
         */
        private int floats(long expected, boolean inputs) {
            int elements = elements();
            if (elements != expected) return -1;
            float[] into = inputs ? grow(numbers, elements) : grow(batchScores, elements);
            if (inputs) numbers = into; else batchScores = into;
            int at = elementsStart();
            for (int i = 0; i < elements; i++) {
                int len = (int) INT.get(field, at);
                into[i] = len < 0 ? Float.NaN : Float.intBitsToFloat((int) INT.get(field, at + 4));
                at += len < 0 ? 4 : 8;
            }
            return elements;
        }

        /** A {@code text[]} into {@link #categories} or {@link #batchLabels}, equal values decoded once; as {@link #floats}. */
        private int texts(long expected, boolean inputs) {
            int elements = elements();
            if (elements != expected) return -1;
            String[] into = inputs ? grow(categories, elements) : grow(batchLabels, elements);
            if (inputs) categories = into; else batchLabels = into;
            int at = elementsStart();
            int previousAt = -1;
            int previousLength = -1;
            String previous = null;
            for (int i = 0; i < elements; i++) {
                int len = (int) INT.get(field, at);
                at += 4;
                if (len < 0) {
                    into[i] = null;
                    continue;
                }
                if (len != previousLength || !Arrays.equals(field, at, at + len, field, previousAt, previousAt + len)) {
                    previous = new String(field, at, len, StandardCharsets.UTF_8);
                    previousAt = at;
                    previousLength = len;
                }
                into[i] = previous;
                at += len;
            }
            return elements;
        }

        /** The element count of the one-dimensional array in {@link #field} (0 for an empty one, -1 for another shape). */
        private int elements() {
            if (fieldLength < 12) return -1;
            int dimensions = (int) INT.get(field, 0);
            if (dimensions == 0) return 0;
            return dimensions == 1 && fieldLength >= 20 ? (int) INT.get(field, 12) : -1;
        }

        private int elementsStart() {
            return (int) INT.get(field, 0) == 0 ? 12 : 20;
        }

        private static float[] grow(float[] array, int n) {
            return array.length >= n ? array : new float[n];
        }

        private static String[] grow(String[] array, int n) {
            return array.length >= n ? array : new String[n];
        }
    }

    private static final java.lang.invoke.VarHandle INT =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);
}
