package io.vigil.engine.rules;

/**
 * A record's text value read as a number for the numeric operators: {@code [+-]digits[.digits][(e|E)[+-]digits]}
 * with surrounding blanks (a point with digits on at least one side). Hex, {@code NaN}, {@code Infinity}
 * and suffixes such as {@code 1d} are not numbers. Up to 15 digits without an exponent are read without
 * allocating, exactly (digits and a power of ten below 2^53 are exact doubles, and one division of
 * exact doubles is correctly rounded); others go through {@link Double#parseDouble} once their syntax
 * is known good.
 */
final class NumericText {
    private static final int EXACT_DIGITS = 15;
    private static final double[] POWERS_OF_TEN = new double[EXACT_DIGITS + 1];

    static {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private NumericText() {
    }

    /** The number {@code s} writes, or NaN when it writes none. */
    static double parse(String s) {
        int end = s.length();
        int i = 0;
        while (i < end && s.charAt(i) <= ' ') i++;
        while (end > i && s.charAt(end - 1) <= ' ') end--;
        if (i == end || end - i > 400) return Double.NaN;
        int start = i;
        boolean negative = false;
        char c = s.charAt(i);
        if (c == '+' || c == '-') {
            negative = c == '-';
            i++;
        }
        long digits = 0;
        int intStart = i;
        while (i < end && isDigit(s.charAt(i))) {
            if (i - intStart < EXACT_DIGITS) digits = digits * 10 + (s.charAt(i) - '0');
            i++;
        }
        int intDigits = i - intStart;
        int fractionDigits = 0;
        if (i < end && s.charAt(i) == '.') {
            i++;
            int f = i;
            while (i < end && isDigit(s.charAt(i))) {
                if (intDigits + i - f < EXACT_DIGITS) digits = digits * 10 + (s.charAt(i) - '0');
                i++;
            }
            fractionDigits = i - f;
        }
        if (intDigits + fractionDigits == 0) return Double.NaN;
        if (i == end && intDigits + fractionDigits <= EXACT_DIGITS) {
            double v = digits / POWERS_OF_TEN[fractionDigits];
            return negative ? -v : v;
        }
        if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int e = i;
            while (i < end && isDigit(s.charAt(i))) i++;
            if (i == e) return Double.NaN;
        }
        if (i != end) return Double.NaN;
        double v = Double.parseDouble(s.substring(start, end));
        return Double.isFinite(v) ? v : Double.NaN;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
