package io.vigil.server.monitoring.retraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Schedules are Unix cron expressions in UTC, checked and stepped by cron-utils. */
class CronScheduleTest {
    @Test
    void aUnixExpressionIsAcceptedAndStepsToItsNextSlot() {
        CronSchedule mondays = CronSchedule.parse("0 3 * * 1");

        // 2026-12-05 is a Saturday: the next Monday 03:00 is the 7th
        assertThat(mondays.nextSlot(Instant.parse("2026-12-05T10:00:00Z"))).contains(Instant.parse("2026-12-07T03:00:00Z"));
        assertThat(mondays.nextSlot(Instant.parse("2026-12-07T03:00:00Z"))).contains(Instant.parse("2026-12-14T03:00:00Z"));
        assertThat(CronSchedule.parse("*/15 * * * *").nextSlot(Instant.parse("2026-12-05T10:07:30Z")))
                .contains(Instant.parse("2026-12-05T10:15:00Z"));
    }

    @Test
    void theLatestSlotIsTheOneAtOrBeforeNow() {
        CronSchedule daily = CronSchedule.parse("30 2 * * *");

        assertThat(daily.latestSlot(Instant.parse("2026-12-05T02:30:00Z"))).contains(Instant.parse("2026-12-05T02:30:00Z"));
        assertThat(daily.latestSlot(Instant.parse("2026-12-05T02:30:59Z"))).contains(Instant.parse("2026-12-05T02:30:00Z"));
        assertThat(daily.latestSlot(Instant.parse("2026-12-05T02:29:59Z"))).contains(Instant.parse("2026-12-04T02:30:00Z"));
        assertThat(daily.latestSlot(Instant.parse("2026-12-06T01:00:00Z"))).contains(Instant.parse("2026-12-05T02:30:00Z"));
    }

    @Test
    void whatIsNotAUnixExpressionIsRefusedWithTheReason() {
        assertThat(CronSchedule.problem("0 3 * * 1")).isEmpty();
        assertThat(CronSchedule.problem("61 * * * *")).get().asString().contains("Unix cron");
        assertThat(CronSchedule.problem("* * *")).isPresent();
        assertThat(CronSchedule.problem("0 0 3 ? * MON")).as("Quartz's six fields").isPresent();
        assertThat(CronSchedule.problem("every day")).isPresent();
        assertThatThrownBy(() -> CronSchedule.parse("0 25 * * *")).isInstanceOf(IllegalArgumentException.class);
    }
}
