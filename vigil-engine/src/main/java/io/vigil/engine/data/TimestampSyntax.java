package io.vigil.engine.data;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.Locale;

/**
 * Recognises ISO-8601 dates and date-times ({@code 2024-03-01}, {@code 2024-03-01T10:15:30Z},
 * {@code 2024-03-01T10:15:30.5+01:00}), offsets without the colon as Suricata's EVE log writes them
 * ({@code 2017-07-07T11:59:30.144683-0400}), and the common {@code yyyy-MM-dd HH:mm:ss}. A cheap
 * shape check runs first so that numbers and words never reach the java.time parsers.
 */
public final class TimestampSyntax {

    /** ISO local date-time, then an offset as {@code Z}, {@code +01:00}, {@code +0100} or {@code +01}. */
    private static final DateTimeFormatter OFFSET_DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .appendPattern("[XXX][XX][X]")
            .toFormatter(Locale.ROOT);

    private TimestampSyntax() {
    }

    /**
     * Seconds since the epoch of a timestamp cell, or null when it is not one: how a TIMESTAMP
     * column becomes a number for training, and how a record's timestamp text does at prediction
     * time. Times without an offset count as UTC; a date is its midnight.
     */
    public static Long epochSeconds(String raw) {
        Temporal t = parse(raw);
        if (t instanceof OffsetDateTime o) return o.toEpochSecond();
        if (t instanceof LocalDateTime l) return l.toEpochSecond(ZoneOffset.UTC);
        if (t instanceof LocalDate d) return d.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        return null;
    }

    /** The parsed value (LocalDate, LocalDateTime or OffsetDateTime), or null. */
    static Temporal parse(String raw) {
        String s = raw.trim();
        if (!looksLikeDate(s)) {
            return null;
        }
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s);
            }
            char separator = s.charAt(10);
            if (separator != 'T' && separator != ' ' && separator != 't') {
                return null;
            }
            if (separator != 'T') {
                s = s.substring(0, 10) + 'T' + s.substring(11);
            }
            if (hasOffset(s)) {
                return OffsetDateTime.parse(s, OFFSET_DATE_TIME);
            }
            return LocalDateTime.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The ISO-8601 text of a timestamp cell, or null when it is not one. Times always show their
     * seconds ({@code toString} drops them when zero, so a column's values had two widths).
     */
    static String toIso(String raw) {
        Temporal t = parse(raw);
        if (t instanceof OffsetDateTime o) return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(o);
        if (t instanceof LocalDateTime l) return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(l);
        return t == null ? null : t.toString();
    }

    private static boolean looksLikeDate(String s) {
        if (s.length() < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return false;
        }
        for (int i : new int[] {0, 1, 2, 3, 5, 6, 8, 9}) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean hasOffset(String s) {
        char last = s.charAt(s.length() - 1);
        if (last == 'Z' || last == 'z') {
            return true;
        }
        // An offset sign after the time part, e.g. ...T10:00:00+01:00 or -05:00.
        int time = 11;
        return s.indexOf('+', time) > 0 || s.indexOf('-', time) > 0;
    }
}
