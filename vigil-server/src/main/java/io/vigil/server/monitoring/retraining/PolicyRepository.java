package io.vigil.server.monitoring.retraining;

import com.fasterxml.jackson.core.type.TypeReference;
import io.vigil.server.core.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code retraining_policies} (V17): each model's policy, when its schedule may next fire
 * ({@code schedule_from}) and when it last triggered. A trigger is claimed with one conditional
 * update, so across instances each cool-down admits one trigger and each schedule slot fires once.
 */
final class PolicyRepository {
    /** A policy as stored, with its model's state of triggering. */
    record Stored(UUID modelId, RetrainingPolicy policy, Instant scheduleFrom, Instant lastTriggeredAt, String updatedBy,
                  Instant updatedAt) {}

    private static final String COLUMNS = "model_id, policy::text as policy, schedule_from, last_triggered_at, updated_by, updated_at";

    private final Jdbi jdbi;

    PolicyRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Optional<Stored> find(UUID modelId) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from retraining_policies where model_id = :id")
                .bind("id", modelId).map((rs, ctx) -> stored(rs)).findOne());
    }

    /** The enabled policies of the models that have a deployed version. */
    List<Stored> enabledOfDeployed() {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from retraining_policies p where enabled"
                        + " and exists (select 1 from deployments d where d.model_id = p.model_id and d.active) order by model_id")
                .map((rs, ctx) -> stored(rs)).list());
    }

    /**
     * Stores the model's policy, replacing any; its schedule fires for slots after {@code at}. False
     * when the model does not exist (any more).
     */
    boolean put(UUID modelId, RetrainingPolicy policy, String by, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("insert into retraining_policies (model_id, policy, enabled, schedule_from,"
                        + " updated_by, updated_at) select :id, cast(:policy as jsonb), :enabled, :at, :by, :at"
                        + " where exists (select 1 from models where id = :id)"
                        + " on conflict (model_id) do update set policy = excluded.policy, enabled = excluded.enabled,"
                        + " schedule_from = excluded.schedule_from, updated_by = excluded.updated_by, updated_at = excluded.updated_at")
                .bind("id", modelId).bind("policy", Json.write(policy)).bind("enabled", policy.enabled()).bind("by", by)
                .bind("at", Timestamp.from(at)).execute()) == 1;
    }

    /**
     * Claims a trigger of the model at {@code now}: true, and the cool-down restarts, if no trigger
     * came after {@code notAfter} (null: whatever came before) and, for a schedule slot, the slot
     * has not fired yet. The schedule then fires only for slots after {@code slot} (null: leave it).
     */
    boolean claim(UUID modelId, Instant now, Instant notAfter, Instant slot, boolean forSlot) {
        return jdbi.withHandle(h -> h.createUpdate("update retraining_policies set last_triggered_at = :now,"
                        + " schedule_from = greatest(schedule_from, coalesce(cast(:slot as timestamptz), schedule_from))"
                        + " where model_id = :id and (cast(:notAfter as timestamptz) is null or last_triggered_at is null"
                        + " or last_triggered_at <= cast(:notAfter as timestamptz))"
                        + " and (not :forSlot or schedule_from < cast(:slot as timestamptz))")
                .bind("id", modelId).bind("now", Timestamp.from(now)).bind("notAfter", notAfter == null ? null : Timestamp.from(notAfter))
                .bind("slot", slot == null ? null : Timestamp.from(slot)).bind("forSlot", forSlot).execute()) == 1;
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        OffsetDateTime last = rs.getObject("last_triggered_at", OffsetDateTime.class);
        return new Stored(rs.getObject("model_id", UUID.class), Json.read(rs.getString("policy"), new TypeReference<RetrainingPolicy>() {}),
                rs.getObject("schedule_from", OffsetDateTime.class).toInstant(), last == null ? null : last.toInstant(),
                rs.getString("updated_by"), rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
