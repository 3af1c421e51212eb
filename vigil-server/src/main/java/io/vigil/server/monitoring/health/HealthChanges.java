package io.vigil.server.monitoring.health;

import io.vigil.server.events.Event;
import io.vigil.server.events.EventBus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each deployed model's last health ({@code model_health}), so that a change is told once, whichever
 * instance evaluated it: a {@code model.health} event on the bus (state: the new status; data: the
 * report, with the status before in {@code from}). A model's first health is told when it is not healthy.
 */
public final class HealthChanges {
    private static final Logger log = LoggerFactory.getLogger(HealthChanges.class);
    public static final String MODEL_HEALTH = "model.health";

    /** The event's data: the report, and the status before. */
    public record Change(HealthStatus from, ModelHealthReport health) {}

    private final Jdbi jdbi;
    private final EventBus events;

    public HealthChanges(Jdbi jdbi, EventBus events) {
        this.jdbi = jdbi;
        this.events = events;
    }

    /** Stores {@code report} as its model's health; publishes it if the status changed. Answers whether it did. */
    public boolean record(ModelHealthReport report) {
        Instant at = report.checkedAt();
        OffsetDateTime utc = at.atOffset(ZoneOffset.UTC);
        Optional<String> before = jdbi.inTransaction(h -> {
            Optional<String> previous = h.createQuery("select status from model_health where model_id = :id for update")
                    .bind("id", report.modelId()).mapTo(String.class).findOne();
            boolean moved = previous.isEmpty() || !previous.get().equals(report.status().wire());
            h.createUpdate("insert into model_health (model_id, version, status, checked_at, changed_at) values (:id, :version, :status,"
                            + " :at, :at) on conflict (model_id) do update set version = excluded.version, status = excluded.status,"
                            + " checked_at = excluded.checked_at" + (moved ? ", changed_at = excluded.changed_at" : ""))
                    .bind("id", report.modelId()).bind("version", report.version()).bind("status", report.status().wire())
                    .bind("at", utc).execute();
            return previous;
        });
        boolean changed = before.map(b -> !b.equals(report.status().wire())).orElse(report.status() != HealthStatus.HEALTHY);
        if (changed) {
            HealthStatus from = before.map(b -> HealthStatus.valueOf(b.toUpperCase(java.util.Locale.ROOT))).orElse(null);
            log.atInfo().addKeyValue("modelId", report.modelId()).addKeyValue("from", before.orElse("unknown"))
                    .addKeyValue("to", report.status().wire()).addKeyValue("reasons", report.reasons().stream().map(HealthCheck::check).toList())
                    .log("model health changed");
            events.publish(new Event(MODEL_HEALTH, report.modelId(), null, report.status().wire(), null, new Change(from, report), at));
        }
        return changed;
    }
}
