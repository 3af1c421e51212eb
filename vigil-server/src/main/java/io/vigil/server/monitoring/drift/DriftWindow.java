package io.vigil.server.monitoring.drift;

import io.vigil.server.core.VigilException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A window of live traffic as a caller writes it: {@code 15m}, {@code 1h}, {@code 24h}, {@code 7d}; at most 90 days. */
record DriftWindow(String text, Duration length) {
    static final String DEFAULT = "24h";
    static final Duration LONGEST = Duration.ofDays(90);
    private static final Pattern SHAPE = Pattern.compile("([1-9][0-9]{0,5})([mhd])");

    /** The window {@code text} names (the default when null or blank); a 400 naming the field otherwise. */
    static DriftWindow parse(String text) {
        String value = text == null || text.isBlank() ? DEFAULT : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHAPE.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration length = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (length.compareTo(LONGEST) <= 0) {
                return new DriftWindow(value, length);
            }
        }
        throw VigilException.invalid("window", "must be a length of time such as 15m, 1h, 24h or 7d, at most 90d");
    }
}
