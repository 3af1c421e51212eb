package io.vigil.server.monitoring.retraining;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A retraining schedule: a Unix cron expression (five fields: minute, hour, day of month, month,
 * day of week; {@code 0 3 * * 1} is Mondays at 03:00), in UTC, parsed and stepped by cron-utils.
 * Unix rather than Quartz: minutes are the finest step the evaluation takes, and it is the syntax
 * of crontab(5) that operators know.
 */
final class CronSchedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String text;
    private final ExecutionTime times;

    private CronSchedule(String text, ExecutionTime times) {
        this.text = text;
        this.times = times;
    }

    /** The schedule {@code text} names; an {@link IllegalArgumentException} saying what is wrong otherwise. */
    static CronSchedule parse(String text) {
        String trimmed = text.strip();
        return new CronSchedule(trimmed, ExecutionTime.forCron(UNIX.parse(trimmed).validate()));
    }

    /** Why {@code text} is not a Unix cron expression; empty when it is one. */
    static Optional<String> problem(String text) {
        try {
            parse(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("not a Unix cron expression (minute hour day-of-month month day-of-week, e.g. '0 3 * * 1'): "
                    + e.getMessage());
        }
    }

    /** The latest slot at or before {@code now}; empty for a schedule with none (a date that never comes again). */
    Optional<Instant> latestSlot(Instant now) {
        ZonedDateTime at = now.atZone(ZoneOffset.UTC);
        if (times.isMatch(at.withSecond(0).withNano(0))) {
            return Optional.of(at.withSecond(0).withNano(0).toInstant());
        }
        return times.lastExecution(at).map(ZonedDateTime::toInstant);
    }

    /** The first slot after {@code now}. */
    Optional<Instant> nextSlot(Instant now) {
        return times.nextExecution(now.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toInstant);
    }

    @Override
    public String toString() {
        return text;
    }
}
