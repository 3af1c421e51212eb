package io.vigil.engine.windows;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one window feature computes, by its name in a {@link WindowSpec} ({@code "kind": "mean"}).
 * Statistics over a window ({@code mean, std, min, max, sum, count, rate}) take a time window or
 * the last N events; {@code lag} and {@code diff} look k events back; {@code hour} and
 * {@code weekday} read the event's time; {@code residual} compares a value with its fitted
 * seasonal baseline.
 */
public enum WindowKind {
    MEAN, STD, MIN, MAX, SUM, COUNT, RATE, LAG, DIFF, HOUR, WEEKDAY, RESIDUAL;

    /** The name a spec uses: the constant in lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code text} (any case), or null when none is. */
    public static WindowKind of(String text) {
        if (text == null) return null;
        for (WindowKind k : values()) {
            if (k.wire().equalsIgnoreCase(text.strip())) return k;
        }
        return null;
    }

    /** Every name, for a message. */
    public static String names() {
        return Arrays.stream(values()).map(WindowKind::wire).collect(Collectors.joining(", "));
    }

    /** A statistic over a time window or the last N events of the entity. */
    public boolean windowed() {
        return ordinal() <= RATE.ordinal();
    }

    /** Reads a value column: always, except for count and rate (optional: events when absent) and the calendar kinds (never). */
    public boolean needsColumn() {
        return this != COUNT && this != RATE && !calendar();
    }

    /** Looks back a number of events: lag and diff. */
    public boolean lagged() {
        return this == LAG || this == DIFF;
    }

    /** Reads only the event's time: hour of day, day of week. */
    public boolean calendar() {
        return this == HOUR || this == WEEKDAY;
    }
}
