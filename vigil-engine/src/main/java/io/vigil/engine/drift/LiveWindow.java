package io.vigil.engine.drift;

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

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
