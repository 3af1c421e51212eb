package io.vigil.engine.data;

/**
 * Allocation-free recognition of decimal numbers, so the profiler can test millions of cells
 * without throwing {@link NumberFormatException}. Accepts {@code [+-]digits[.digits][(e|E)[+-]digits]}
 * with surrounding blanks; rejects hex, {@code NaN}, {@code Infinity} and Java suffixes like {@code 1d}.
 * Not thread-safe: one instance per thread.
 */
public final class NumberSyntax {
    private static final ThreadLocal<NumberSyntax> PER_THREAD = ThreadLocal.withInitial(NumberSyntax::new);

    private static final double[] POWERS_OF_TEN = new double[23];
    private static final long MAX_EXACT_MANTISSA = 1L << 53;

    static {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private double value;

    /**
     * The number {@code s} writes, or NaN when it writes none (a rule's numeric operator on a text
     * field); thread-safe, without allocating.
     */
    public static double valueOf(String s) {
        NumberSyntax syntax = PER_THREAD.get();
        return syntax.parse(s) ? syntax.value : Double.NaN;
    }
    private long longValue;
    private boolean integral;

    /** The value of the last successful {@link #parse}. */
    double value() {
        return value;
    }

    /** The value of the last successful {@link #parse} when {@link #isIntegral()}. */
    long longValue() {
        return longValue;
    }

    /** The last parsed text was an integer that fits a long (no point, no exponent). */
    boolean isIntegral() {
        return integral;
    }

    /** True when {@code s} is a finite decimal number; then {@link #value()} holds it. */
    boolean parse(String s) {
        int end = s.length();
        int i = 0;
        while (i < end && isBlank(s.charAt(i))) {
            i++;
        }
        while (end > i && isBlank(s.charAt(end - 1))) {
            end--;
        }
        if (i == end) {
            return false;
        }
        int start = i;
        boolean negative = false;
        char c = s.charAt(i);
        if (c == '+' || c == '-') {
            negative = c == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int significant = 0;
        int fractionDigits = 0;
        boolean overflow = false;
        int intStart = i;
        while (i < end && isDigit(c = s.charAt(i))) {
            if (significant > 0 || c != '0') {
                significant++;
            }
            if (significant <= 18) {
                mantissa = mantissa * 10 + (c - '0');
            } else {
                overflow = true;
            }
            i++;
        }
        digits = i - intStart;
        boolean hasPoint = false;
        if (i < end && s.charAt(i) == '.') {
            hasPoint = true;
            i++;
            int fracStart = i;
            while (i < end && isDigit(c = s.charAt(i))) {
                if (significant > 0 || c != '0') {
                    significant++;
                }
                if (significant <= 18) {
                    mantissa = mantissa * 10 + (c - '0');
                    fractionDigits++;
                } else {
                    overflow = true;
                }
                i++;
            }
            digits += i - fracStart;
        }
        if (digits == 0) {
            return false;
        }
        boolean hasExponent = false;
        if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            hasExponent = true;
            i++;
            if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expStart = i;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == expStart) {
                return false;
            }
        }
        if (i != end) {
            return false;
        }
        integral = !hasPoint && !hasExponent && !overflow;
        if (integral) {
            longValue = negative ? -mantissa : mantissa;
            value = longValue;
            return true;
        }
        if (!hasExponent && !overflow && mantissa < MAX_EXACT_MANTISSA && fractionDigits < POWERS_OF_TEN.length) {
            // Exact mantissa divided by an exact power of ten is correctly rounded (Clinger's fast path).
            double v = mantissa / POWERS_OF_TEN[fractionDigits];
            value = negative ? -v : v;
            return true;
        }
        if (!hasPoint && !hasExponent) {
            String text = s.substring(start, end);
            if (significant == 19) {
                // Rare: 19 digits may still fit a long (ids, hashes); only then pay for parseLong.
                try {
                    longValue = Long.parseLong(text);
                    value = longValue;
                    integral = true;
                    return true;
                } catch (NumberFormatException tooBig) {
                    // falls through: a number, but not a long
                }
            }
            value = Double.parseDouble(text);
            return Double.isFinite(value);
        }
        value = Double.parseDouble(s.substring(start, end));
        return Double.isFinite(value);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
