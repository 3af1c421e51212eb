package io.vigil.server.monitoring.live;

import io.vigil.server.core.VigilException;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The span the live metrics cover: the last {@code window} of whole minutes up to the current one
 * (included), and the buckets of its time series: a minute each up to an hour, 15 minutes up to a
 * day, an hour up to a week, six hours beyond. Buckets start at multiples of their size since the
 * epoch, so two reads a minute apart share them.
 *
 * @param text   the window as asked ({@code 1h}, {@code 15m}, {@code 7d})
 * @param from   the first minute included
 * @param to     the end, excluded: the minute after the current one
 * @param bucket the time series' step
 */
public record MetricsWindow(String text, Instant from, Instant to, Duration bucket) {
    public static final String DEFAULT = "1h";
    /** The longest window: the default retention of the prediction log. */
    public static final Duration LONGEST = Duration.ofDays(30);
    private static final Pattern FORM = Pattern.compile("(\\d{1,6})([mhd])");

    /** {@code text} ({@code <n>m}, {@code <n>h} or {@code <n>d}, one minute to 30 days) ending with the minute of {@code now}. */
    public static MetricsWindow parse(String text, Instant now) {
        String given = text == null || text.isBlank() ? DEFAULT : text.strip();
        Matcher m = FORM.matcher(given);
        Duration length = null;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            length = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (length == null || length.isZero() || length.compareTo(LONGEST) > 0) {
            throw VigilException.invalid("window", "give a span such as 15m, 1h, 24h or 7d (minutes m, hours h or days d), from 1m to "
                    + LONGEST.toDays() + "d; got '" + given + "'");
        }
        Instant to = MinuteAggregator.minuteOf(now).plus(Duration.ofMinutes(1));
        return new MetricsWindow(given, to.minus(length), to, bucketFor(length));
    }

    private static Duration bucketFor(Duration length) {
        if (length.compareTo(Duration.ofHours(1)) <= 0) {
            return Duration.ofMinutes(1);
        }
        if (length.compareTo(Duration.ofDays(1)) <= 0) {
            return Duration.ofMinutes(15);
        }
        return length.compareTo(Duration.ofDays(7)) <= 0 ? Duration.ofHours(1) : Duration.ofHours(6);
    }

    /** The start of the bucket {@code at} falls in. */
    public Instant bucketOf(Instant at) {
        long size = bucket.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), size) * size);
    }
}
