package io.vigil.server.anomaly;

import com.fasterxml.jackson.core.type.TypeReference;
import io.vigil.server.core.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** {@code anomaly_scores} (V19): every point scored, for {@code GET /ml/anomaly/scores/{assetId}}. */
final class AnomalyScoreRepository {
    private static final TypeReference<List<Map<String, Object>>> DRIVERS = new TypeReference<>() {};

    /** One stored score. */
    record StoredScore(Instant timestamp, double score, double threshold, boolean isAnomaly, String method, UUID modelId,
                       Integer version, List<Map<String, Object>> drivers, Instant scoredAt) {}

    private final Jdbi jdbi;

    AnomalyScoreRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void insert(String assetId, List<PointScore> points, double threshold, String method, UUID modelId, Integer version,
                Instant scoredAt) {
        jdbi.useHandle(h -> {
            PreparedBatch batch = h.prepareBatch("insert into anomaly_scores (asset_id, at, score, threshold, is_anomaly, method, model_id,"
                    + " version, drivers, scored_at) values (:asset, :at, :score, :threshold, :anomaly, :method, cast(:model as uuid), cast(:version as int),"
                    + " cast(:drivers as jsonb), :scoredAt)");
            for (PointScore p : points) {
                batch.bind("asset", assetId).bind("at", p.timestamp()).bind("score", p.score()).bind("threshold", threshold)
                        .bind("anomaly", p.isAnomaly()).bind("method", method).bind("model", modelId).bind("version", version)
                        .bind("drivers", Json.write(p.drivers())).bind("scoredAt", scoredAt).add();
            }
            batch.execute();
        });
    }

    /** The scores of an asset's points at or after {@code since}, in time order, at most {@code limit}. */
    List<StoredScore> since(String assetId, Instant since, boolean anomaliesOnly, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select at, score, threshold, is_anomaly, method, model_id, version, drivers, scored_at"
                        + " from anomaly_scores where asset_id = :asset and at >= :since" + (anomaliesOnly ? " and is_anomaly" : "")
                        + " order by at, scored_at limit :limit")
                .bind("asset", assetId).bind("since", since).bind("limit", limit)
                .map((rs, ctx) -> {
                    int version = rs.getInt("version");
                    Integer v = rs.wasNull() ? null : version;
                    return new StoredScore(rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getDouble("score"),
                            rs.getDouble("threshold"), rs.getBoolean("is_anomaly"), rs.getString("method"),
                            rs.getObject("model_id", UUID.class), v, Json.read(rs.getString("drivers"), DRIVERS),
                            rs.getObject("scored_at", OffsetDateTime.class).toInstant());
                })
                .list());
    }

    /** Deletes the scores of points before {@code before}; answers how many. */
    int deleteBefore(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("delete from anomaly_scores where at < :before").bind("before", before).execute());
    }
}
