package io.vigil.engine.data;

import java.util.List;

/**
 * ArcSight Common Event Format lines:
 * {@code CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension},
 * optionally after a syslog prefix ({@link SiemHeader}). The seven header fields are the columns
 * {@link #HEADER}; the extension's {@code key=value} pairs are columns named by their keys
 * ({@code src}, {@code dpt}, {@code act}, {@code cs1Label}...). A value runs until the next
 * {@code " key="}, so it may hold spaces; in it {@code \=} is '=', {@code \\} a backslash,
 * {@code \n} and {@code \r} line breaks ({@code \|} is a pipe too, as some senders write it); other
 * backslashes are kept. An unescaped '=' that does not follow {@code " key"} stays in the value.
 */
final class CefParser implements LogLineParser {

    static final List<String> HEADER = List.of("cef_version", "device_vendor", "device_product", "device_version",
            "signature_id", "name", "severity");
    private static final String LAYOUT = "Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity";

    @Override
    public void parse(String line, long lineNumber, FieldSink sink) throws DataFormatException {
        SiemHeader header = SiemHeader.read(line, lineNumber, "CEF:", HEADER.size(), LAYOUT, sink);
        String version = header.fields().get(0).strip();
        if (version.isEmpty() || !version.chars().allMatch(Character::isDigit) || version.length() > 3) {
            throw new DataFormatException("line " + lineNumber + ": the CEF version '" + version + "' is not a number", lineNumber);
        }
        sink.field(HEADER.get(0), version, ColumnType.INTEGER);
        for (int f = 1; f < HEADER.size(); f++) {
            String value = header.fields().get(f);
            sink.field(HEADER.get(f), value.isEmpty() ? null : value, null);
        }
        extension(line, header.rest(), lineNumber, sink);
    }

    /** The key=value pairs from {@code from} to the end of the line. */
    static void extension(String line, int from, long lineNumber, FieldSink sink) throws DataFormatException {
        int end = line.length();
        while (end > from && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        int keyStart = -1;
        int equals = -1;
        for (int i = from; i < end; i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (c != '=') {
                continue;
            }
            int start = i;
            while (start > from && isKeyChar(line.charAt(start - 1))) {
                start--;
            }
            if (start == i || (start > from && !Character.isWhitespace(line.charAt(start - 1)))) {
                continue; // an '=' inside a value
            }
            if (keyStart < 0) {
                if (!line.substring(from, start).isBlank()) {
                    throw notKeyValue(line.substring(from, start), lineNumber);
                }
            } else {
                sink.field(line.substring(keyStart, equals), value(line, equals + 1, start - 1), null);
            }
            keyStart = start;
            equals = i;
        }
        if (keyStart >= 0) {
            sink.field(line.substring(keyStart, equals), value(line, equals + 1, end), null);
        } else if (!line.substring(from, end).isBlank()) {
            throw notKeyValue(line.substring(from, end), lineNumber);
        }
    }

    private static DataFormatException notKeyValue(String text, long lineNumber) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return new DataFormatException("line " + lineNumber + ": the CEF extension must be key=value pairs; '" + shown.strip()
                + "' is not", lineNumber);
    }

    /** Letters, digits and the few signs ArcSight and vendors use in keys ({@code ad.user}, {@code cs1Label}). */
    private static boolean isKeyChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
                || c == '[' || c == ']';
    }

    /** The unescaped value between two positions, without trailing white space; null when empty. */
    private static String value(String line, int from, int to) {
        while (to > from && Character.isWhitespace(line.charAt(to - 1)) && !escaped(line, from, to - 1)) {
            to--;
        }
        if (to <= from) {
            return null;
        }
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < to) {
                char next = line.charAt(i + 1);
                switch (next) {
                    case '=', '\\', '|' -> out.append(next);
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    default -> out.append(c).append(next);
                }
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Whether the character at {@code at} follows an odd number of backslashes. */
    private static boolean escaped(String line, int from, int at) {
        int backslashes = 0;
        for (int i = at - 1; i >= from && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
