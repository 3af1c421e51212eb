package io.vigil.engine.windows;

import java.util.Locale;

/**
 * The buckets a seasonal baseline is fitted in: the hour of the day (24), the day of the week (7,
 * Monday first) or the hour of the week (168), in the spec's time zone.
 */
enum Season {
    HOUR(24), WEEKDAY(7), WEEKHOUR(168);

    final int buckets;

    Season(int buckets) {
        this.buckets = buckets;
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Season of(String text) {
        for (Season s : values()) {
            if (s.wire().equalsIgnoreCase(text.strip())) return s;
        }
        return null;
    }

    /** The bucket of a local time ({@link EventClock#local}, seconds). */
    int bucket(double localSeconds) {
        return switch (this) {
            case HOUR -> EventClock.hourBucket(localSeconds);
            case WEEKDAY -> EventClock.weekday(localSeconds);
            case WEEKHOUR -> EventClock.weekday(localSeconds) * 24 + EventClock.hourBucket(localSeconds);
        };
    }
}
