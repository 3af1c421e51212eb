package io.vigil.engine.windows;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * An event's time (epoch seconds) as a local time in the spec's zone: the hour of the day and the
 * day of the week. A zone with a fixed offset (UTC, the default) costs one addition.
 */
final class EventClock {
    private static final double DAY = 86_400;
    private final ZoneRules rules;
    private final double fixedOffset;

    EventClock(ZoneId zone) {
        this.rules = zone.getRules();
        this.fixedOffset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH).getTotalSeconds() : Double.NaN;
    }

    /** Seconds since 1970-01-01T00:00 local time. */
    double local(double epochSeconds) {
        if (!Double.isNaN(fixedOffset)) return epochSeconds + fixedOffset;
        return epochSeconds + rules.getOffset(Instant.ofEpochSecond((long) Math.floor(epochSeconds))).getTotalSeconds();
    }

    /** The hour of the day with its fraction, in [0, 24). */
    static double hourOfDay(double localSeconds) {
        double s = localSeconds - Math.floor(localSeconds / DAY) * DAY;
        return Math.min(s / 3600.0, Math.nextDown(24.0));
    }

    static int hourBucket(double localSeconds) {
        return (int) hourOfDay(localSeconds);
    }

    /** Monday 0 to Sunday 6 (1970-01-01 was a Thursday, 3). */
    static int weekday(double localSeconds) {
        long day = (long) Math.floor(localSeconds / DAY);
        return (int) Math.floorMod(day + 3, 7L);
    }
}
