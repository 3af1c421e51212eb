package io.vigil.cli.commands;

import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Times as a user types them for a filter: an ISO time, or how long ago. */
final class Times {
    private static final Pattern AGO = Pattern.compile("(\\d{1,6})([mhd])");

    private Times() {}

    /** {@code given} as an ISO time, or so long ago ({@code 30m}, {@code 12h}, {@code 7d}); null for none. */
    static String when(String option, String given) throws CliException {
        if (given == null) return null;
        Matcher ago = AGO.matcher(given.strip());
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            Duration back = switch (ago.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return Instant.now().minus(back).toString();
        }
        try {
            return Instant.parse(given.strip()).toString();
        } catch (DateTimeParseException e) {
            throw new CliException(option + ": give an ISO time such as 2026-05-01T00:00:00Z, or how long ago: 30m, 12h, 7d", ExitCodes.USAGE);
        }
    }
}
