package io.vigil.engine.data;

import java.util.Map;

/**
 * One security log format's parser of a single line into named fields, behind {@link LogLineRowSource}:
 * Suricata EVE and Cowrie ({@link EventJsonParser}), CEF ({@link CefParser}), LEEF ({@link LeefParser}).
 */
interface LogLineParser {

    /** The parser of a security log format. */
    static LogLineParser of(DataFormat format) {
        return switch (format) {
            case EVE -> EventJsonParser.eve();
            case COWRIE -> EventJsonParser.cowrie();
            case CEF -> new CefParser();
            case LEEF -> new LeefParser();
            default -> throw new IllegalArgumentException(format + " is not a line-per-event security log");
        };
    }

    /** Receives the fields of one line, in the order they are written. */
    interface FieldSink {
        /**
         * @param kind INTEGER, NUMERIC, BOOLEAN or TEXT when the format itself says what the value is
         *             (a JSON number, boolean or string), else null (the profiler infers its type)
         */
        void field(String key, String value, ColumnType kind) throws DataFormatException;
    }

    /**
     * Parses one non-blank line.
     *
     * @throws DataFormatException naming {@code lineNumber} when the line is not of this format
     */
    void parse(String line, long lineNumber, FieldSink sink) throws DataFormatException;

    /** Types the format fixes for some fields whatever their values (EVE's {@code timestamp}). */
    default Map<String, ColumnType> fixedTypes() {
        return Map.of();
    }

    /** The field that names a line's event type ({@code event_type}, {@code eventid}), or null if none. */
    default String eventTypeField() {
        return null;
    }
}
