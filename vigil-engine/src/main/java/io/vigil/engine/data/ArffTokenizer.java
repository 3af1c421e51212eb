package io.vigil.engine.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits ARFF text the way Weka does: values separated by commas (blanks around them ignored),
 * quoted with {@code '} or {@code "} and backslash escapes inside quotes, {@code %} outside quotes
 * starting a comment. An unquoted {@code ?} is a missing value (null).
 */
final class ArffTokenizer {

    /** Marks a token that was quoted, so a quoted {@code ?} stays the text "?". */
    record Token(String text, boolean quoted) {
    }

    private ArffTokenizer() {
    }

    /** Splits {@code text[from, to)} into comma-separated tokens. Throws with a reason on bad quoting. */
    static List<Token> split(String text, int from, int to) {
        List<Token> tokens = new ArrayList<>();
        int i = from;
        StringBuilder value = new StringBuilder();
        while (true) {
            while (i < to && isBlank(text.charAt(i))) {
                i++;
            }
            if (i >= to || text.charAt(i) == '%') {
                if (!tokens.isEmpty()) {
                    throw new IllegalArgumentException("a value is missing after the last comma");
                }
                return tokens;
            }
            value.setLength(0);
            char c = text.charAt(i);
            boolean quoted = c == '\'' || c == '"';
            if (quoted) {
                i = readQuoted(text, i, to, value);
            } else {
                int start = i;
                while (i < to && (c = text.charAt(i)) != ',' && c != '%') {
                    i++;
                }
                value.append(text, start, i);
                int end = value.length();
                while (end > 0 && isBlank(value.charAt(end - 1))) {
                    end--;
                }
                value.setLength(end);
            }
            tokens.add(new Token(value.toString(), quoted));
            while (i < to && isBlank(text.charAt(i))) {
                i++;
            }
            if (i >= to || text.charAt(i) == '%') {
                return tokens;
            }
            if (text.charAt(i) != ',') {
                throw new IllegalArgumentException("unexpected text after a quoted value: '"
                        + text.substring(i, Math.min(to, i + 20)) + "'");
            }
            i++; // the comma
        }
    }

    /** Reads a quoted value starting at the quote; returns the index after the closing quote. */
    private static int readQuoted(String text, int at, int to, StringBuilder value) {
        char quote = text.charAt(at);
        int i = at + 1;
        while (i < to) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < to) {
                char escaped = text.charAt(i + 1);
                value.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> escaped;
                });
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                value.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("a quoted value is not closed");
    }

    /** A name read from a header line and the index just after it. */
    record Name(String name, int end) {
    }

    /** Reads one name (quoted, or up to the next blank or '{') starting at {@code from}. */
    static Name readName(String text, int from) {
        int i = from;
        while (i < text.length() && isBlank(text.charAt(i))) {
            i++;
        }
        if (i >= text.length()) {
            throw new IllegalArgumentException("a name is missing");
        }
        char c = text.charAt(i);
        if (c == '\'' || c == '"') {
            StringBuilder value = new StringBuilder();
            int end = readQuoted(text, i, text.length(), value);
            return new Name(value.toString(), end);
        }
        int start = i;
        while (i < text.length() && !isBlank(text.charAt(i)) && text.charAt(i) != '{') {
            i++;
        }
        return new Name(text.substring(start, i), i);
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
