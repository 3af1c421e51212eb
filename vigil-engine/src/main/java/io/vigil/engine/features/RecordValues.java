package io.vigil.engine.features;

/**
 * How a raw record's values (Number, String, Boolean or null, as JSON gives them) read as a number
 * or as a category: one set of rules for the pipeline's encoders and for anyone storing raw inputs.
 */
public final class RecordValues {
    private RecordValues() {
    }

    /** Numbers, booleans and numeric text are accepted; null, blank, "?", "NA" and "null" are missing (NaN). */
    public static double number(String field, Object value) {
        if (value == null) return Double.NaN;
        if (value instanceof Number n) return n.doubleValue();
        if (value instanceof Boolean b) return b ? 1 : 0;
        String text = value.toString().strip();
        if (text.isEmpty() || text.equals("?") || text.equalsIgnoreCase("NA") || text.equalsIgnoreCase("null")) {
            return Double.NaN;
        }
        if (text.equalsIgnoreCase("true")) return 1;
        if (text.equalsIgnoreCase("false")) return 0;
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidRecordException("field '" + field + "' must be a number, got '" + text + "'");
        }
    }

    /** A value as category text; null or blank is missing (null). Whole numbers print without ".0". */
    public static String category(Object value) {
        if (value == null) return null;
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) return null;
            if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        }
        String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }
}
