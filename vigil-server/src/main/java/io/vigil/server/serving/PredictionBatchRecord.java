package io.vigil.server.serving;

import io.vigil.engine.features.InputField;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.NumericColumn;
import io.vigil.engine.table.Table;
import io.vigil.server.http.Uuids;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A scored batch as kept for monitoring, one row of {@code prediction_batches}: every array holds
 * the batch's rows one after another, in the model version's input and class order. Filled by the
 * request thread row by row ({@link #add}), then handed to the recorder and never changed again.
 * Prediction k of the batch has the id {@code Uuids.inBlock(firstId, k)}.
 */
final class PredictionBatchRecord {
    final Instant at;
    final LoadedModel model;
    final UUID firstId;
    private final int numericInputs;
    private final int categoricalInputs;
    private final int classes;
    final float[] numbers;
    final String[] categories;
    final String[] labels;
    final float[] confidences;
    final float[] probabilities;
    final float[] anomalyScores;
    int size;

    /** Room for {@code capacity} rows (at most one block of ids). */
    PredictionBatchRecord(Instant at, UUID firstId, LoadedModel model, int capacity) {
        if (capacity < 1 || capacity > Uuids.BLOCK_ROWS) {
            throw new IllegalArgumentException(capacity + " rows: a batch record holds 1 to " + Uuids.BLOCK_ROWS);
        }
        this.at = at;
        this.model = model;
        this.firstId = firstId;
        List<InputField> inputs = model.trained().pipeline().inputs();
        this.numericInputs = (int) inputs.stream().filter(i -> i.kind() == ColumnKind.NUMERIC).count();
        this.categoricalInputs = inputs.size() - numericInputs;
        this.classes = model.trained().classes().size();
        this.numbers = new float[capacity * numericInputs];
        this.categories = new String[capacity * categoricalInputs];
        this.labels = new String[capacity];
        this.confidences = new float[capacity];
        this.probabilities = new float[capacity * classes];
        this.anomalyScores = model.isDetector() ? new float[capacity] : null;
    }

    /** Adds the next scored row: its raw inputs (as the validator accepted them) and its outcome. */
    void add(Map<String, Object> record, PredictionResult result) {
        PredictionRecord.splitInputs(model.trained().pipeline().inputs(), record, numbers, size * numericInputs, categories,
                size * categoricalInputs);
        PredictionRecord.probabilities(model.trained().classes(), result, probabilities, size * classes);
        outcome(result.label(), result.confidence(), result.anomalyScore());
    }

    /** Adds every row of a scored table whose columns are the model's inputs, in input order. */
    void addAll(Table table, ScoredTable scored) {
        int rows = table.rowCount();
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
        double[] p = scored.probabilities();
        for (int i = 0; i < rows * classes; i++) {
            probabilities[size * classes + i] = (float) p[i];
        }
        for (int r = 0; r < rows; r++) {
            outcome(scored.label(r), scored.confidence(r), scored.anomalyScores() == null ? null : scored.anomalyScores()[r]);
        }
    }

    private void outcome(String label, double confidence, Double anomalyScore) {
        labels[size] = label;
        confidences[size] = (float) confidence;
        if (anomalyScores != null) {
            anomalyScores[size] = anomalyScore == null ? Float.NaN : anomalyScore.floatValue();
        }
        size++;
    }

    int numericInputs() {
        return numericInputs;
    }

    int categoricalInputs() {
        return categoricalInputs;
    }

    int classes() {
        return classes;
    }
}
