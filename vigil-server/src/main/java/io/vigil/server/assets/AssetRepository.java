package io.vigil.server.assets;

import com.fasterxml.jackson.core.type.TypeReference;
import io.vigil.server.core.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** {@code assets} (V19): each asset's latest values, settings and anomaly state. */
public final class AssetRepository {
    private static final TypeReference<Map<String, Asset.Latest>> LATEST = new TypeReference<>() {};
    private static final String COLUMNS = "asset_id, first_seen, last_seen, latest, threshold, model_id, last_score, last_method,"
            + " last_scored_at, anomalous";

    private final Jdbi jdbi;
    private final double defaultThreshold;

    public AssetRepository(Jdbi jdbi, double defaultThreshold) {
        this.jdbi = jdbi;
        this.defaultThreshold = defaultThreshold;
    }

    /** Records that an asset sent {@code points}: made on first sight; each metric's latest value kept if newer. */
    public void heard(String assetId, List<MetricPoint> points) {
        Map<String, Asset.Latest> latest = new LinkedHashMap<>();
        Instant first = null;
        Instant last = null;
        for (MetricPoint p : points) {
            Asset.Latest seen = latest.get(p.metric());
            if (seen == null || !p.at().isBefore(seen.at())) latest.put(p.metric(), new Asset.Latest(p.value(), p.at()));
            first = first == null || p.at().isBefore(first) ? p.at() : first;
            last = last == null || p.at().isAfter(last) ? p.at() : last;
        }
        String json = Json.write(latest);
        Instant firstSeen = first;
        Instant lastSeen = last;
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into assets (asset_id, first_seen, last_seen, latest) values (:asset, :first, :last, cast(:latest as jsonb))
                        on conflict (asset_id) do update set
                          first_seen = least(assets.first_seen, excluded.first_seen),
                          last_seen = greatest(assets.last_seen, excluded.last_seen),
                          latest = assets.latest || coalesce((select jsonb_object_agg(n.key, n.value) from jsonb_each(excluded.latest) n
                              where assets.latest -> n.key is null
                                 or (n.value->>'at')::timestamptz >= (assets.latest->n.key->>'at')::timestamptz), '{}')""")
                .bind("asset", assetId).bind("first", firstSeen).bind("last", lastSeen).bind("latest", json).execute());
    }

    public Optional<Asset> find(String assetId) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from assets where asset_id = :asset")
                .bind("asset", assetId).map((rs, ctx) -> read(rs)).findOne());
    }

    /** A page of assets by id; {@code anomalousOnly} keeps those whose latest point was an anomaly. */
    public List<Asset> list(boolean anomalousOnly, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from assets" + (anomalousOnly ? " where anomalous" : "")
                        + " order by asset_id offset :offset limit :limit")
                .bind("offset", offset).bind("limit", limit).map((rs, ctx) -> read(rs)).list());
    }

    public long count(boolean anomalousOnly) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from assets" + (anomalousOnly ? " where anomalous" : ""))
                .mapTo(Long.class).one());
    }

    /** Sets the asset's own threshold (null: the default); answers whether the asset exists. */
    public boolean setThreshold(String assetId, Double threshold) {
        return jdbi.withHandle(h -> h.createUpdate("update assets set threshold = :threshold where asset_id = :asset")
                .bind("asset", assetId).bind("threshold", threshold).execute()) == 1;
    }

    /** Names the detector trained for the asset. */
    public void setModel(String assetId, UUID modelId) {
        jdbi.useHandle(h -> h.createUpdate("update assets set model_id = :model where asset_id = :asset")
                .bind("asset", assetId).bind("model", modelId).execute());
    }

    /** The anomaly state from the latest point scored, unless a later point was scored already. */
    public void scored(String assetId, Instant at, double score, String method, boolean anomalous) {
        jdbi.useHandle(h -> h.createUpdate("""
                        update assets set last_score = :score, last_method = :method, last_scored_at = :at, anomalous = :anomalous
                        where asset_id = :asset and (last_scored_at is null or last_scored_at <= :at)""")
                .bind("asset", assetId).bind("at", at).bind("score", score).bind("method", method).bind("anomalous", anomalous)
                .execute());
    }

    private Asset read(ResultSet rs) throws SQLException {
        double own = rs.getDouble("threshold");
        boolean hasOwn = !rs.wasNull();
        double score = rs.getDouble("last_score");
        Double lastScore = rs.wasNull() ? null : score;
        OffsetDateTime scoredAt = rs.getObject("last_scored_at", OffsetDateTime.class);
        String state = scoredAt == null ? "unscored" : rs.getBoolean("anomalous") ? "anomalous" : "normal";
        return new Asset(rs.getString("asset_id"), rs.getObject("first_seen", OffsetDateTime.class).toInstant(),
                rs.getObject("last_seen", OffsetDateTime.class).toInstant(), Json.read(rs.getString("latest"), LATEST),
                hasOwn ? own : defaultThreshold, hasOwn, rs.getObject("model_id", UUID.class), state, lastScore,
                rs.getString("last_method"), scoredAt == null ? null : scoredAt.toInstant());
    }
}
