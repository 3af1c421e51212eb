package io.vigil.server.monitoring.drift;

import io.vigil.engine.drift.DriftSettings;
import io.vigil.server.core.Json;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Each model's own drift settings ({@code model_drift_settings}, V13). */
final class DriftSettingsRepository {
    private final Jdbi jdbi;

    DriftSettingsRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Optional<DriftSettings> find(UUID modelId) {
        return jdbi.withHandle(h -> h.createQuery("select settings::text from model_drift_settings where model_id = :id")
                .bind("id", modelId).mapTo(String.class).findOne())
                .map(json -> Json.read(json, new com.fasterxml.jackson.core.type.TypeReference<DriftSettings>() {}));
    }

    /** Stores the model's settings, replacing any; false when the model does not exist (any more). */
    boolean put(UUID modelId, DriftSettings settings, String by, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("insert into model_drift_settings (model_id, settings, updated_by, updated_at)"
                        + " select :id, cast(:settings as jsonb), :by, :at where exists (select 1 from models where id = :id)"
                        + " on conflict (model_id) do update set settings = excluded.settings, updated_by = excluded.updated_by,"
                        + " updated_at = excluded.updated_at")
                .bind("id", modelId).bind("settings", Json.write(settings)).bind("by", by).bind("at", Timestamp.from(at)).execute()) == 1;
    }
}
