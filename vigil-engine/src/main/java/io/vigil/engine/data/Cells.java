package io.vigil.engine.data;

/** What counts as a missing cell, shared by the profiler and {@link ColumnType#convert}. */
public final class Cells {

    private Cells() {
    }

    /**
     * True for null, empty or blank text, and (case-insensitive, surrounding blanks ignored)
     * {@code NaN}, {@code Infinity}, {@code +Infinity}, {@code -Infinity}, {@code inf},
     * {@code +inf}, {@code -inf}, {@code ?}, {@code NA}, {@code N/A}, {@code null}.
     */
    public static boolean isMissing(String raw) {
        if (raw == null) {
            return true;
        }
        int length = raw.length();
        if (length == 0) {
            return true;
        }
        char first = raw.charAt(0);
        // Hot path: almost every present cell starts with a digit or a letter outside the tokens.
        if (first >= '0' && first <= '9') {
            return false;
        }
        if (Character.isLetter(first) && "nNiI".indexOf(first) < 0) {
            return false; // no missing token starts with another letter
        }
        int start = 0;
        int end = length;
        while (start < end && Character.isWhitespace(raw.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(raw.charAt(end - 1))) {
            end--;
        }
        int n = end - start;
        if (n == 0) {
            return true;
        }
        if (n > 9) {
            return false;
        }
        char c = raw.charAt(start);
        if (c == '+' || c == '-') {
            start++;
            n--;
            return n == 3 && is(raw, start, "inf") || n == 8 && is(raw, start, "infinity");
        }
        return switch (n) {
            case 1 -> c == '?';
            case 2 -> is(raw, start, "na");
            case 3 -> is(raw, start, "nan") || is(raw, start, "inf") || is(raw, start, "n/a");
            case 4 -> is(raw, start, "null");
            case 8 -> is(raw, start, "infinity");
            default -> false;
        };
    }

    /** Case-insensitive match of a token whose length the caller has checked. */
    private static boolean is(String raw, int start, String lowerToken) {
        return raw.regionMatches(true, start, lowerToken, 0, lowerToken.length());
    }
}
