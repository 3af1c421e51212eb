package io.vigil.engine.drift;

import io.vigil.engine.algorithms.ScoredRows;
import io.vigil.engine.algorithms.Scorer;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.features.InputField;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.NumericColumn;
import io.vigil.engine.table.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * A window of live traffic as the prediction log keeps it, by columns: each numeric input's values
 * ({@code NaN} where missing) and each categorical input's values ({@code null} where missing), in
 * the model's input order split by kind, and the predictions (labels, and a detector's anomaly scores).
 *
 * @param numeric       {@code numeric[j]}: the j-th numeric input's values, one per row
 * @param categorical   {@code categorical[j]}: the j-th categorical input's values, one per row
 * @param labels        the predicted label of each row
 * @param anomalyScores each row's anomaly score (detectors), or null
 */
public record LiveWindow(int rows, float[][] numeric, String[][] categorical, String[] labels, float[] anomalyScores) {

    public LiveWindow {
        for (float[] column : numeric) require(column.length >= rows, "a numeric column is shorter than the window");
        for (String[] column : categorical) require(column.length >= rows, "a categorical column is shorter than the window");
        require(labels.length >= rows, "the labels are fewer than the rows");
        require(anomalyScores == null || anomalyScores.length >= rows, "the anomaly scores are fewer than the rows");
    }

    /** The window a model's prediction log would hold after scoring {@code rows}: its inputs as it read them, and its answers. */
    public static LiveWindow scored(TrainedModel trained, Table rows) {
        int n = rows.rowCount();
        List<float[]> numeric = new ArrayList<>();
        List<String[]> categorical = new ArrayList<>();
        for (InputField field : trained.pipeline().inputs()) {
            Column column = rows.has(field.name()) ? rows.column(field.name()) : null;
            if (field.kind() == ColumnKind.NUMERIC) {
                float[] values = new float[n];
                for (int r = 0; r < n; r++) {
                    values[r] = column instanceof NumericColumn c ? (float) c.get(r) : Float.NaN;
                }
                numeric.add(values);
            } else {
                String[] values = new String[n];
                for (int r = 0; r < n; r++) values[r] = column == null ? null : column.text(r);
                categorical.add(values);
            }
        }
        ScoredRows scored = Scorer.score(trained.model(), trained.features(rows));
        String[] labels = new String[n];
        for (int r = 0; r < n; r++) labels[r] = scored.label(r);
        float[] scores = null;
        if (scored.hasAnomalyScores()) {
            scores = new float[n];
            for (int r = 0; r < n; r++) scores[r] = (float) scored.anomalyScore(r);
        }
        return new LiveWindow(n, numeric.toArray(float[][]::new), categorical.toArray(String[][]::new), labels, scores);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
