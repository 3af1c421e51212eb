package io.vigil.engine.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The pipe-separated header that CEF and LEEF lines share, as SIEMs forward them: an optional
 * syslog prefix ({@code <134>Jan 15 10:00:01 fw01 } or an RFC 5424 header), kept whole as the
 * column {@value #SYSLOG_PREFIX}, then {@code CEF:} or {@code LEEF:} and fields separated by
 * {@code |}, where {@code \|} is a pipe and {@code \\} a backslash inside a field.
 *
 * @param fields the header fields, unescaped, the version first
 * @param rest   where the text after the last header field's pipe starts (the extension)
 */
record SiemHeader(List<String> fields, int rest) {

    static final String SYSLOG_PREFIX = "syslog_prefix";

    /**
     * Finds the marker ({@code CEF:}, {@code LEEF:}), hands the syslog prefix before it to the sink
     * and splits {@code count} header fields after it.
     *
     * @throws DataFormatException when the marker is missing or the line has fewer fields
     */
    static SiemHeader read(String line, long lineNumber, String marker, int count, String layout,
                           LogLineParser.FieldSink sink) throws DataFormatException {
        int at = line.indexOf(marker);
        if (at < 0) {
            throw new DataFormatException("line " + lineNumber + " is not a " + marker.substring(0, marker.length() - 1)
                    + " line (no '" + marker + "' in it)", lineNumber);
        }
        String prefix = line.substring(0, at).strip();
        if (!prefix.isEmpty()) {
            sink.field(SYSLOG_PREFIX, prefix, null);
        }
        SiemHeader header = split(line, at + marker.length(), count);
        if (header == null) {
            throw new DataFormatException("line " + lineNumber + ": a " + marker.substring(0, marker.length() - 1)
                    + " header has " + count + " fields separated by '|' (" + layout + "); this one has fewer", lineNumber);
        }
        return header;
    }

    /** Splits {@code count} pipe-terminated fields from {@code from}, or null when there are fewer pipes. */
    static SiemHeader split(String line, int from, int count) {
        List<String> fields = new ArrayList<>(count);
        StringBuilder field = new StringBuilder();
        int i = from;
        while (fields.size() < count) {
            if (i >= line.length()) {
                return null;
            }
            char c = line.charAt(i++);
            if (c == '\\' && i < line.length() && (line.charAt(i) == '|' || line.charAt(i) == '\\')) {
                field.append(line.charAt(i++));
            } else if (c == '|') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        return new SiemHeader(List.copyOf(fields), i);
    }
}
