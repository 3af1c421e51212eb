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
            return is(raw, start + 1, end, "inf") || is(raw, start + 1, end, "infinity");
        }
        return is(raw, start, end, "?")
                || is(raw, start, end, "na")
                || is(raw, start, end, "n/a")
                || is(raw, start, end, "nan")
                || is(raw, start, end, "inf")
                || is(raw, start, end, "infinity")
                || is(raw, start, end, "null");
    }

    private static boolean is(String raw, int start, int end, String lowerToken) {
        return end - start == lowerToken.length() && raw.regionMatches(true, start, lowerToken, 0, lowerToken.length());
    }
}
