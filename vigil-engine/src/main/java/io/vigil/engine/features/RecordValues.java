package io.vigil.engine.features;

import io.vigil.engine.data.Cells;
import io.vigil.engine.data.ColumnType;
import io.vigil.engine.data.TimestampSyntax;
import io.vigil.engine.table.NumericColumn;

/**
 * How a raw record's values (Number, String, Boolean or null, as JSON gives them) read as a number
 * or as a category: one set of rules for the pipeline's encoders and for anyone storing raw inputs.
 */
public final class RecordValues {
    private RecordValues() {
    }

    /**
     * Numbers, booleans (also the text true/yes/false/no), numeric text and ISO-8601 timestamps (as epoch seconds, the way an
     * uploaded TIMESTAMP column trains) are accepted. Missing (NaN): null, text that
     * {@link Cells#isMissing} calls missing (as in uploaded datasets), and infinities, which a
     * dataset's table never holds either.
     */
    public static double number(String field, Object value) {
        if (value == null) return Double.NaN;
        if (value instanceof Number n) return finite(n.doubleValue());
        if (value instanceof Boolean b) return b ? 1 : 0;
        String text = value.toString();
        if (Cells.isMissing(text)) return Double.NaN;
        text = text.strip();
        Boolean truth = ColumnType.parseBoolean(text); // true/yes, false/no: as a BOOLEAN column was read
        if (truth != null) return truth ? 1 : 0;
        try {
            return finite(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            Long seconds = TimestampSyntax.epochSeconds(text); // as a TIMESTAMP column was read for training
            if (seconds != null) return seconds;
            throw new InvalidRecordException("field '" + field + "' must be a number, got '" + text + "'");
        }
    }

    /** A value as category text; missing (null) as for {@link #number}. Whole numbers print without ".0". */
    public static String category(Object value) {
        if (value == null) return null;
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? NumericColumn.text(d) : null;
        }
        String text = value.toString();
        return Cells.isMissing(text) ? null : text.strip();
    }

    /** A number as a record's value reads: an infinity is missing (NaN), as in a dataset's table. */
    public static double finite(double x) {
        return Double.isInfinite(x) ? Double.NaN : x;
    }
}
