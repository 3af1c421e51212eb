package io.vigil.server.monitoring.alerts;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The periodic tasks of monitoring that one instance runs for all ({@code monitoring_schedule}): an
 * instance claims a task's round by moving its due time on, in one statement, so of the instances
 * sharing a database one runs each round (the others find it not due).
 */
final class MonitoringSchedule {
    static final String EVALUATE = "alerts.evaluate";
    static final String DRIFT = "alerts.drift";

    private final Jdbi jdbi;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);

    MonitoringSchedule(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Whether this instance has the round of {@code task} due at {@code now}: then the next is due {@code every} later. */
    boolean claim(String task, Instant now, Duration every) {
        return jdbi.withHandle(h -> {
            h.createUpdate("insert into monitoring_schedule (task, due_at) values (:task, '-infinity') on conflict (task) do nothing")
                    .bind("task", task).execute();
            // a little early, so this instance's own next tick (a period later, give or take) finds it due
            Instant next = now.plus(every).minus(every.dividedBy(10));
            return h.createUpdate("update monitoring_schedule set due_at = :next, claimed_by = :me, claimed_at = :now"
                            + " where task = :task and due_at <= :now")
                    .bind("task", task).bind("next", next.atOffset(ZoneOffset.UTC)).bind("me", instance)
                    .bind("now", now.atOffset(ZoneOffset.UTC)).execute() == 1;
        });
    }
}
