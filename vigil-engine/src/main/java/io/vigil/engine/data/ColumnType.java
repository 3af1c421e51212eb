package io.vigil.engine.data;

import java.util.Locale;

/** The kind of values a column holds, as declared (ARFF) or inferred by {@link DatasetProfiler}. */
public enum ColumnType {
    /** Real numbers. */
    NUMERIC,
    /** Whole numbers that fit a signed 64-bit long. */
    INTEGER,
    /** true/false or yes/no. */
    BOOLEAN,
    /** Few distinct short values (protocol, service, class label...). */
    CATEGORICAL,
    /** ISO-8601 dates/date-times or {@code yyyy-MM-dd HH:mm:ss}. */
    TIMESTAMP,
    /** Free text: anything else. */
    TEXT;

    /**
     * A cell's typed value for JSON: {@link Long} (INTEGER), {@link Double} (NUMERIC),
     * {@link Boolean} (BOOLEAN), ISO-8601 {@link String} (TIMESTAMP) or the raw String
     * (CATEGORICAL, TEXT). Missing cells ({@link Cells#isMissing}) give null. A cell that does not
     * fit the type (possible when a type was declared) is returned as its raw String rather than
     * failing a preview; an INTEGER cell with a fraction becomes a Double.
     */
    public Object convert(String raw) {
        if (Cells.isMissing(raw)) {
            return null;
        }
        switch (this) {
            case NUMERIC, INTEGER -> {
                NumberSyntax number = new NumberSyntax();
                if (!number.parse(raw)) {
                    return raw;
                }
                if (this == INTEGER && number.isIntegral()) {
                    return number.longValue();
                }
                return number.value();
            }
            case BOOLEAN -> {
                Boolean b = parseBoolean(raw);
                return b == null ? raw : b;
            }
            case TIMESTAMP -> {
                String iso = TimestampSyntax.toIso(raw);
                return iso == null ? raw : iso;
            }
            default -> {
                return raw;
            }
        }
    }

    /** true/yes and false/no, case-insensitive; anything else is null. */
    public static Boolean parseBoolean(String raw) {
        String s = raw.trim();
        if (s.length() > 5) {
            return null;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> Boolean.TRUE;
            case "false", "no" -> Boolean.FALSE;
            default -> null;
        };
    }
}
