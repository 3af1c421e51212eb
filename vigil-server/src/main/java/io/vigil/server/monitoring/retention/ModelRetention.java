package io.vigil.server.monitoring.retention;

import io.vigil.server.auth.Caller;
import io.vigil.server.core.VigilException;
import io.vigil.server.models.ModelRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * How long each model's predictions, their feedback and its per-minute figures are kept: the
 * model's own setting ({@code model_retention}, {@code PUT /ml/models/{id}/retention}), else the
 * global {@code monitoring.retentionDays}.
 */
public final class ModelRetention {
    public static final int MAX_DAYS = 365;

    /**
     * A model's retention.
     *
     * @param days       the model's own setting, or null: the global one applies
     * @param effectiveDays how long its predictions are kept
     * @param source     {@code model} or {@code global}
     */
    public record Setting(UUID modelId, Integer days, int effectiveDays, String source, Instant updatedAt, String updatedBy) {}

    /** The body of {@code PUT /ml/models/{id}/retention}: {@code days} 1 to 365, or null for the global setting. */
    public record Change(Integer days) {}

    private final org.jdbi.v3.core.Jdbi jdbi;
    private final ModelRepository models;
    private final int globalDays;
    private final Clock clock;

    public ModelRetention(org.jdbi.v3.core.Jdbi jdbi, ModelRepository models, int globalDays, Clock clock) {
        this.jdbi = jdbi;
        this.models = models;
        this.globalDays = globalDays;
        this.clock = clock;
    }

    /** The global retention in days ({@code monitoring.retentionDays}). */
    public int globalDays() {
        return globalDays;
    }

    /** The retention of {@code modelId}; a 404 for no such model. */
    public Setting get(UUID modelId) {
        models.get(modelId);
        return jdbi.withHandle(h -> h.createQuery("select days, updated_at, updated_by from model_retention where model_id = :id")
                .bind("id", modelId)
                .map((rs, ctx) -> new Setting(modelId, rs.getInt("days"), rs.getInt("days"), "model",
                        rs.getObject("updated_at", OffsetDateTime.class).toInstant(), rs.getString("updated_by")))
                .findOne().orElse(new Setting(modelId, null, globalDays, "global", null, null)));
    }

    /** Sets (or, with {@code days} null, removes) the model's own retention. */
    public Setting set(UUID modelId, Change change, Caller by) {
        Integer days = change.days();
        if (days != null && (days < 1 || days > MAX_DAYS)) {
            throw VigilException.invalid("days", "must be from 1 to " + MAX_DAYS + " (or null for the global setting, " + globalDays + ")");
        }
        models.get(modelId);
        jdbi.useHandle(h -> {
            if (days == null) {
                h.createUpdate("delete from model_retention where model_id = :id").bind("id", modelId).execute();
            } else {
                h.createUpdate("insert into model_retention (model_id, days, updated_at, updated_by) values (:id, :days, :at, :by)"
                                + " on conflict (model_id) do update set days = excluded.days, updated_at = excluded.updated_at,"
                                + " updated_by = excluded.updated_by")
                        .bind("id", modelId).bind("days", days).bind("at", clock.instant().atOffset(ZoneOffset.UTC)).bind("by", by.name())
                        .execute();
            }
        });
        return get(modelId);
    }

    /** The models with a setting of their own, and its days. */
    Map<UUID, Integer> ownSettings() {
        Map<UUID, Integer> all = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("select model_id, days from model_retention")
                .map((rs, ctx) -> Map.entry(rs.getObject("model_id", UUID.class), rs.getInt("days")))
                .forEach(e -> all.put(e.getKey(), e.getValue())));
        return all;
    }
}
