package io.vigil.engine.windows;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Window lengths as a spec writes them: a whole number and a unit ({@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 1h}, {@code 7d}, {@code 1w}) or ISO-8601 ({@code PT5M}); read as seconds, and
 * written back in the largest unit that divides them ({@code 300s} is {@code 5m}), which is how a
 * feature's column is named.
 */
public final class Durations {
    /** The longest window a spec may ask for: a year. */
    static final double MAX_SECONDS = 366 * 86_400.0;

    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d|w)");
    private static final String[] UNITS = {"w", "d", "h", "m", "s"};
    private static final long[] UNIT_MILLIS = {604_800_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L};

    private Durations() {
    }

    /** Seconds of {@code text}, or NaN when it is not a duration (zero and negative ones included). */
    public static double seconds(String text) {
        if (text == null) return Double.NaN;
        String s = text.strip();
        Matcher m = SHORT.matcher(s);
        long millis;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            long unit = switch (m.group(2)) {
                case "ms" -> 1L;
                case "s" -> 1_000L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                case "d" -> 86_400_000L;
                default -> 604_800_000L;
            };
            if (n > Long.MAX_VALUE / unit) return Double.POSITIVE_INFINITY; // longer than any window may be
            millis = n * unit;
        } else if (s.length() > 1 && (s.charAt(0) == 'P' || s.charAt(0) == 'p')) {
            try {
                millis = Duration.parse(s).toMillis();
            } catch (DateTimeParseException | ArithmeticException e) {
                return Double.NaN;
            }
        } else {
            return Double.NaN;
        }
        return millis <= 0 ? Double.NaN : millis / 1000.0;
    }

    /** The shortest text for {@code seconds} ({@code 5m}, {@code 90s}, {@code 1500ms}), for a column's name. */
    static String text(double seconds) {
        long millis = Math.round(seconds * 1000);
        for (int u = 0; u < UNITS.length; u++) {
            if (millis % UNIT_MILLIS[u] == 0) return millis / UNIT_MILLIS[u] + UNITS[u];
        }
        return millis + "ms";
    }
}
