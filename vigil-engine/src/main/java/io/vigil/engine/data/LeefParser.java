package io.vigil.engine.data;

import java.util.List;

/**
 * IBM QRadar's Log Event Extended Format, optionally after a syslog prefix ({@link SiemHeader}):
 * {@code LEEF:1.0|Vendor|Product|Version|EventID|attributes} with attributes separated by tabs, and
 * {@code LEEF:2.0|Vendor|Product|Version|EventID|Delimiter|attributes} whose sixth field declares
 * the separator: one character ({@code ^}), or its code as {@code x5E} / {@code 0x5E}; empty means
 * a tab. A 2.0 line whose sixth field is none of these has no delimiter field (some senders leave
 * it out) and is tab-separated. The five header fields are the columns {@link #HEADER}; each
 * attribute {@code key=value} (split at its first '=', so values may hold '=') a column named by
 * its key ({@code src}, {@code devTime}, {@code usrName}...). Empty attributes (a trailing
 * separator) are skipped.
 */
final class LeefParser implements LogLineParser {

    static final List<String> HEADER = List.of("leef_version", "device_vendor", "device_product", "device_version", "event_id");
    private static final String LAYOUT = "Version|Vendor|Product|Version|EventID, and in 2.0 |Delimiter";

    @Override
    public void parse(String line, long lineNumber, FieldSink sink) throws DataFormatException {
        SiemHeader header = SiemHeader.read(line, lineNumber, "LEEF:", HEADER.size(), LAYOUT, sink);
        String version = header.fields().get(0).strip();
        if (!version.matches("[12](\\.0)?")) {
            throw new DataFormatException("line " + lineNumber + ": LEEF version '" + version + "' is not 1.0 or 2.0", lineNumber);
        }
        sink.field(HEADER.get(0), version.length() == 1 ? version + ".0" : version, ColumnType.NUMERIC);
        for (int f = 1; f < HEADER.size(); f++) {
            String value = header.fields().get(f);
            sink.field(HEADER.get(f), value.isEmpty() ? null : value, null);
        }
        char delimiter = '\t';
        int attributes = header.rest();
        if (version.startsWith("2")) {
            SiemHeader withDelimiter = SiemHeader.split(line, header.rest(), 1);
            Character declared = withDelimiter == null ? null : delimiter(withDelimiter.fields().get(0));
            if (declared != null) {
                delimiter = declared;
                attributes = withDelimiter.rest();
            }
        }
        attributes(line, attributes, delimiter, lineNumber, sink);
    }

    /** The declared separator, or null when the field is not a delimiter declaration. */
    static Character delimiter(String field) {
        if (field.isEmpty()) {
            return '\t';
        }
        if (field.length() == 1) {
            return field.charAt(0);
        }
        String hex = field.startsWith("0x") || field.startsWith("0X") ? field.substring(2)
                : field.startsWith("x") || field.startsWith("X") ? field.substring(1) : null;
        if (hex == null || hex.isEmpty() || hex.length() > 4 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        return (char) Integer.parseInt(hex, 16);
    }

    private static void attributes(String line, int from, char delimiter, long lineNumber, FieldSink sink)
            throws DataFormatException {
        int start = from;
        while (start <= line.length()) {
            int end = line.indexOf(delimiter, start);
            if (end < 0) {
                end = line.length();
            }
            String attribute = line.substring(start, end);
            if (!attribute.isBlank()) {
                int equals = attribute.indexOf('=');
                String key = equals < 0 ? "" : attribute.substring(0, equals).strip();
                if (key.isEmpty()) {
                    String shown = attribute.length() > 40 ? attribute.substring(0, 40) + "..." : attribute;
                    throw new DataFormatException("line " + lineNumber + ": the LEEF attribute '" + shown.strip()
                            + "' is not key=value (attributes are separated by "
                            + (delimiter == '\t' ? "tabs" : "'" + delimiter + "'") + ")", lineNumber);
                }
                String value = attribute.substring(equals + 1);
                sink.field(key, value.isEmpty() ? null : value, null);
            }
            start = end + 1;
        }
    }
}
