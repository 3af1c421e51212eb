package io.vigil.server.serving.scoring;

import io.vigil.engine.algorithms.ScoredRows;
import io.vigil.engine.features.InputField;
import io.vigil.engine.features.RecordValues;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.NumericColumn;
import io.vigil.engine.table.Table;
import io.vigil.engine.windows.WindowEvent;
import io.vigil.server.core.Uuids;
import io.vigil.server.serving.models.Arm;
import io.vigil.server.serving.models.ExperimentArm;
import io.vigil.server.serving.models.LoadedModel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Predictions as kept for monitoring, one row of {@code prediction_batches}: a scored batch, or a
 * single prediction (a record of one row; the log joins those with consecutive ids into one row).
 * Every array holds the rows one after another, in the model version's input and class order. For a
 * model with window features, each row's raw event too (its entity key, time and value columns), which
 * a restart replays into the version's state.
 * Filled by the request thread ({@link #add}, {@link #addAll}), then handed to the recorder and
 * never changed again. Prediction k has the id {@code Uuids.inBlock(firstId, k)}. Compact on
 * purpose: records wait in the log's queue long enough to survive a young collection, and a
 * parsed request kept until then cost the collector more than the rest of a prediction.
 */
public final class PredictionBatchRecord {
    private final Instant at;
    private final LoadedModel model;
    private final UUID firstId;
    private final int numericInputs;
    private final int categoricalInputs;
    private final int classes;
    private final float[] numbers;
    private final String[] categories;
    private final String[] labels;
    private final float[] confidences;
    private final float[] probabilities;
    private final float[] anomalyScores;
    private final int eventValues; // value columns of the model's window features; -1 without any
    private final String[] eventKeys;
    private final double[] eventTimes;
    private final double[] eventRows;
    private int size;
    private long nanos; // the server's time for the call that made these predictions (monitoring's latency)
    private UUID experimentId; // the experiment that routed these predictions, and its arm; null without one
    private Arm arm;
    private UUID shadowOf; // a shadow copy: the champion's prediction that row 0 copies (row k copies its id + k)

    /** Room for {@code capacity} rows (at most one block of ids). */
    PredictionBatchRecord(Instant at, UUID firstId, LoadedModel model, int capacity) {
        if (capacity < 1 || capacity > Uuids.BLOCK_ROWS) {
            throw new IllegalArgumentException(capacity + " rows: a batch record holds 1 to " + Uuids.BLOCK_ROWS);
        }
        this.at = at;
        this.model = model;
        this.firstId = firstId;
        this.numericInputs = model.numericInputs(); // counted once at load: a single prediction makes one of these
        this.categoricalInputs = model.inputNames().size() - numericInputs;
        this.classes = model.trained().classes().size();
        this.numbers = new float[capacity * numericInputs];
        this.categories = new String[capacity * categoricalInputs];
        this.labels = new String[capacity];
        this.confidences = new float[capacity];
        this.probabilities = new float[capacity * classes];
        this.anomalyScores = model.isDetector() ? new float[capacity] : null;
        this.eventValues = model.windows() == null ? -1 : model.trained().windows().spec().valueColumns().size();
        this.eventKeys = eventValues < 0 ? null : new String[capacity];
        this.eventTimes = eventValues < 0 ? null : new double[capacity];
        this.eventRows = eventValues < 0 ? null : new double[capacity * eventValues];
    }

    /**
     * One single prediction: its raw inputs (as the validator accepted them), its outcome, and the
     * {@code nanos} the server took to make it.
     */
    public static PredictionBatchRecord single(Instant at, LoadedModel model, Map<String, Object> record, PredictionResult result,
                                               long nanos) {
        return single(at, model, record, result, nanos, null);
    }

    /** {@link #single} with the record's raw event, for a model with window features ({@code event} null without). */
    public static PredictionBatchRecord single(Instant at, LoadedModel model, Map<String, Object> record, PredictionResult result,
                                               long nanos, WindowEvent event) {
        PredictionBatchRecord one = new PredictionBatchRecord(at, result.predictionId(), model, 1);
        one.add(record, result, event);
        one.nanos = nanos;
        return one;
    }

    /**
     * Records that follow each other (each starts at the id after the previous one's last, same
     * model version) as one: the first's time, the rows of all in order. The joined record keeps no
     * time of its own: monitoring reads each record's before they are joined.
     */
    public static PredictionBatchRecord join(List<PredictionBatchRecord> run) {
        PredictionBatchRecord first = run.get(0);
        if (run.size() == 1) {
            return first;
        }
        int rows = 0;
        for (PredictionBatchRecord r : run) {
            rows += r.size;
        }
        PredictionBatchRecord all = new PredictionBatchRecord(first.at, first.firstId, first.model, rows);
        all.experimentId = first.experimentId;
        all.arm = first.arm;
        all.shadowOf = first.shadowOf;
        for (PredictionBatchRecord r : run) {
            int n = all.size;
            System.arraycopy(r.numbers, 0, all.numbers, n * all.numericInputs, r.size * r.numericInputs);
            System.arraycopy(r.categories, 0, all.categories, n * all.categoricalInputs, r.size * r.categoricalInputs);
            System.arraycopy(r.labels, 0, all.labels, n, r.size);
            System.arraycopy(r.confidences, 0, all.confidences, n, r.size);
            System.arraycopy(r.probabilities, 0, all.probabilities, n * all.classes, r.size * r.classes);
            if (all.anomalyScores != null) {
                System.arraycopy(r.anomalyScores, 0, all.anomalyScores, n, r.size);
            }
            if (all.eventKeys != null) {
                System.arraycopy(r.eventKeys, 0, all.eventKeys, n, r.size);
                System.arraycopy(r.eventTimes, 0, all.eventTimes, n, r.size);
                System.arraycopy(r.eventRows, 0, all.eventRows, n * all.eventValues, r.size * r.eventValues);
            }
            all.size += r.size;
        }
        return all;
    }

    /** Whether {@code next} starts at the id right after this record's last, for the same model version. */
    public boolean continuedBy(PredictionBatchRecord next) {
        long low = firstId.getLeastSignificantBits() & (Uuids.BLOCK_ROWS - 1);
        return next.model == model && low + size < Uuids.BLOCK_ROWS && next.firstId.equals(Uuids.inBlock(firstId, size))
                && next.arm == arm && Objects.equals(next.experimentId, experimentId) && copiesOnFrom(next);
    }

    /** For shadow copies: whether {@code next} copies the champion's predictions right after this one's (so row k still copies id + k). */
    private boolean copiesOnFrom(PredictionBatchRecord next) {
        if (shadowOf == null || next.shadowOf == null) {
            return shadowOf == next.shadowOf;
        }
        long low = shadowOf.getLeastSignificantBits() & (Uuids.BLOCK_ROWS - 1);
        return low + size < Uuids.BLOCK_ROWS && next.shadowOf.equals(Uuids.inBlock(shadowOf, size));
    }

    /**
     * Marks these predictions as made for {@code experiment}'s arm; {@code shadowOf}, for a shadow
     * copy, is the champion's prediction its first row copies. Before the record is handed over.
     */
    void tag(ExperimentArm experiment, UUID shadowOf) {
        if (experiment != null) {
            this.experimentId = experiment.id();
            this.arm = experiment.arm();
        }
        this.shadowOf = shadowOf;
    }

    /** Adds the next scored row: its raw inputs (as the validator accepted them) and its outcome. */
    void add(Map<String, Object> record, PredictionResult result) {
        add(record, result, null);
    }

    /** {@link #add(Map, PredictionResult)} with the row's raw event (null: none; always one for a model with window features). */
    void add(Map<String, Object> record, PredictionResult result, WindowEvent event) {
        if (eventKeys != null) {
            eventKeys[size] = event == null ? null : event.key();
            eventTimes[size] = event == null ? Double.NaN : event.time(); // replayed events need a time: this row is skipped
            for (int c = 0; c < eventValues; c++) {
                eventRows[size * eventValues + c] = event == null ? Double.NaN : event.values()[c];
            }
        }
        int n = size * numericInputs;
        int c = size * categoricalInputs;
        for (InputField input : model.trained().pipeline().inputs()) { // split by kind, in input order
            Object value = record.get(input.name());
            if (input.kind() == ColumnKind.NUMERIC) {
                numbers[n++] = (float) RecordValues.number(input.name(), value);
            } else {
                categories[c++] = RecordValues.category(value);
            }
        }
        List<String> names = model.trained().classes();
        for (int k = 0; k < names.size(); k++) {
            probabilities[size * classes + k] = result.probabilities().get(names.get(k)).floatValue();
        }
        outcome(result.label(), result.confidence(), result.anomalyScore() == null ? Double.NaN : result.anomalyScore());
    }

    /** Adds every row of a scored table whose columns are the model's inputs, in input order (never a model with window features). */
    void addAll(Table table, ScoredTable scored) {
        int rows = table.rowCount();
        if (eventKeys != null) {
            java.util.Arrays.fill(eventTimes, size, size + rows, Double.NaN);
        }
        int n = 0;
        int c = 0;
        for (Column column : table.columns()) { // column by column: one array read after another
            if (column instanceof NumericColumn numeric) {
                double[] values = numeric.values();
                for (int r = 0; r < rows; r++) {
                    numbers[(size + r) * numericInputs + n] = (float) values[r];
                }
                n++;
            } else {
                for (int r = 0; r < rows; r++) {
                    categories[(size + r) * categoricalInputs + c] = column.text(r);
                }
                c++;
            }
        }
        ScoredRows o = scored.outputs();
        double[] p = o.probabilities();
        for (int i = 0; i < rows * classes; i++) {
            probabilities[size * classes + i] = (float) p[i];
        }
        for (int r = 0; r < rows; r++) {
            outcome(o.label(r), o.confidence(r), o.hasAnomalyScores() ? o.anomalyScore(r) : Double.NaN);
        }
    }

    /** Sets the server's time for the whole call that made these predictions, before the record is handed over. */
    void took(long callNanos) {
        this.nanos = callNanos;
    }

    /** The next row's outcome; {@code anomalyScore} is NaN for a classifier (kept only for detectors). */
    private void outcome(String label, double confidence, double anomalyScore) {
        labels[size] = label;
        confidences[size] = (float) confidence;
        if (anomalyScores != null) {
            anomalyScores[size] = (float) anomalyScore;
        }
        size++;
    }

    public int numericInputs() {
        return numericInputs;
    }

    public int categoricalInputs() {
        return categoricalInputs;
    }

    public int classes() {
        return classes;
    }

    // ---- read by the prediction log (arrays are shared, not copied: the record no longer changes once handed over)

    public Instant at() {
        return at;
    }

    public LoadedModel model() {
        return model;
    }

    public UUID firstId() {
        return firstId;
    }

    public float[] numbers() {
        return numbers;
    }

    public String[] categories() {
        return categories;
    }

    public String[] labels() {
        return labels;
    }

    public float[] confidences() {
        return confidences;
    }

    public float[] probabilities() {
        return probabilities;
    }

    public float[] anomalyScores() {
        return anomalyScores;
    }

    public int size() {
        return size;
    }

    /** The rows' entity keys (null elements for none), or null for a model without window features. */
    public String[] eventKeys() {
        return eventKeys;
    }

    /** The rows' event times (epoch seconds), or null for a model without window features. */
    public double[] eventTimes() {
        return eventTimes;
    }

    /** The rows' value columns, row after row ({@link #eventValues()} each), or null for a model without window features. */
    public double[] eventRows() {
        return eventRows;
    }

    /** Value columns per row of {@link #eventRows()}; -1 for a model without window features. */
    public int eventValues() {
        return eventValues;
    }

    /** The experiment that routed these predictions, or null. */
    public UUID experimentId() {
        return experimentId;
    }

    /** The arm of {@link #experimentId()} that made them, or null. */
    public Arm arm() {
        return arm;
    }

    /** For a shadow copy, the champion's prediction that row 0 copies (row k copies its id + k); else null. */
    public UUID shadowOf() {
        return shadowOf;
    }

    /** The server's time for the call that made these predictions (validation, encoding, scoring), in nanoseconds. */
    public long nanos() {
        return nanos;
    }
}
