package io.vigil.engine.algorithms;

import io.vigil.engine.data.Cells;
import io.vigil.engine.data.ColumnType;
import io.vigil.engine.data.TimestampSyntax;
import io.vigil.engine.table.NumericColumn;
import java.io.Serial;
import java.io.Serializable;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a remote engine reads a training's rows, and which of them it trains on: a delimited text file (RFC 4180
 * quoting, UTF-8) holding every row of the dataset in its order, of which the rows with a label that
 * {@link HoldOut} does not hold out are trained on. The caller samples the same file with the same two
 * functions ({@link #label}, {@link #trains}), so both sides agree on the rows without exchanging them.
 *
 * @param location       {@code file:} for a local file; {@code s3a:} for an object in S3 (read by Hadoop's S3A)
 * @param readerSettings Hadoop settings the engine's reader needs for {@code location} (an S3 endpoint, credentials):
 *                       may hold secrets, so never logged ({@link #toString()} leaves them out)
 * @param header         the file's first line names its columns (and is not a row)
 * @param delimiter      the field separator
 * @param multiLine      a quoted cell may hold a line break: the file must be parsed whole, not split at line breaks
 * @param columns        the file's columns, in order
 * @param target         the label column
 * @param targetType     how the label column was typed at upload: its text is read as a training table reads it
 * @param binarize       non-null: every label but its {@code negativeClass} becomes its {@code positiveClass}
 * @param holdOutFraction the share {@link HoldOut} holds out (0: every labelled row trains)
 * @param holdOutSeed    the hold-out's seed
 * @param fileRows       how many rows the file holds, checked by the engine
 */
public record TrainingRows(URI location, Map<String, String> readerSettings, boolean header, char delimiter, boolean multiLine,
                           List<String> columns,
                           String target, ColumnType targetType, Binarize binarize, double holdOutFraction, long holdOutSeed,
                           long fileRows) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Every label but {@code negativeClass} read as {@code positiveClass}. */
    public record Binarize(String negativeClass, String positiveClass) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    public TrainingRows {
        Objects.requireNonNull(location, "location");
        readerSettings = readerSettings == null ? Map.of() : Map.copyOf(readerSettings);
        columns = List.copyOf(columns);
        Objects.requireNonNull(target, "target");
        if (!columns.contains(target)) throw new IllegalArgumentException("the rows have no column '" + target + "'");
        targetType = targetType == null ? ColumnType.CATEGORICAL : targetType;
        if (holdOutFraction < 0 || holdOutFraction >= 1) throw new IllegalArgumentException("holdOutFraction must be in [0, 1)");
    }

    /**
     * A label as a training table reads it (trimmed; a missing-value token is no label; a number, boolean or
     * timestamp column as its numeric text), then binarized: null for a row without one.
     */
    public String label(String raw) {
        if (Cells.isMissing(raw)) return null;
        String text = raw.strip();
        switch (targetType) {
            case NUMERIC, INTEGER -> text = NumericColumn.text(Double.parseDouble(text));
            case BOOLEAN -> {
                Boolean truth = ColumnType.parseBoolean(text);
                if (truth != null) text = truth ? "1" : "0";
            }
            case TIMESTAMP -> {
                Long seconds = TimestampSyntax.epochSeconds(text);
                if (seconds != null) text = Long.toString(seconds);
            }
            default -> { }
        }
        if (binarize == null) return text;
        return text.equals(binarize.negativeClass()) ? binarize.negativeClass() : binarize.positiveClass();
    }

    /** True when the row at {@code rowIndex} (0 for the first data row), labelled {@code label}, is trained on. */
    public boolean trains(long rowIndex, String label) {
        return label != null && !HoldOut.heldOut(rowIndex, holdOutSeed, holdOutFraction);
    }

    /** True when the row is held out for evaluation. */
    public boolean heldOut(long rowIndex, String label) {
        return label != null && HoldOut.heldOut(rowIndex, holdOutSeed, holdOutFraction);
    }

    /** Where the rows are, without the reader settings (they may hold credentials). */
    @Override
    public String toString() {
        return "TrainingRows[" + location + ", " + columns.size() + " columns, target=" + target + ", holdOut=" + holdOutFraction
                + ", readerSettings=" + readerSettings.keySet() + "]";
    }
}
