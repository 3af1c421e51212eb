package io.vigil.server.securityevents;

import com.fasterxml.jackson.core.type.TypeReference;
import io.vigil.server.core.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** {@code security_events} (V19), read and written inside the caller's transaction. */
final class SecurityEventRepository {
    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {};
    private static final String COLUMNS = "id, kind, severity, title, asset_id, source_host, destination_host, user_name, score, method,"
            + " model_id, version, started_at, last_seen_at, ended_at, points, details, created_at";

    private SecurityEventRepository() {}

    /** The open anomaly event of an asset, locked until the transaction ends. */
    static Optional<SecurityEvent> openAnomalyForUpdate(Handle h, String assetId) {
        return h.createQuery("select " + COLUMNS + " from security_events where kind = 'anomaly' and asset_id = :asset"
                        + " and ended_at is null for update")
                .bind("asset", assetId).map((rs, ctx) -> read(rs)).findOne();
    }

    /** Inserts {@code e} unless the asset has an open anomaly event already (another instance's); answers whether it did. */
    static boolean insert(Handle h, SecurityEvent e) {
        return h.createUpdate("insert into security_events (" + COLUMNS + ") values (:id, :kind, :severity, :title, :asset, :source,"
                        + " :destination, :user, :score, :method, cast(:model as uuid), cast(:version as int), :started, :lastSeen, :ended, :points,"
                        + " cast(:details as jsonb), :created) on conflict do nothing")
                .bind("id", e.id()).bind("kind", e.kind()).bind("severity", e.severity()).bind("title", e.title())
                .bind("asset", e.assetId()).bind("source", e.sourceHost()).bind("destination", e.destinationHost())
                .bind("user", e.userName()).bind("score", e.score()).bind("method", e.method()).bind("model", e.modelId())
                .bind("version", e.version()).bind("started", e.startedAt()).bind("lastSeen", e.lastSeenAt()).bind("ended", e.endedAt())
                .bind("points", e.points()).bind("details", Json.write(e.details())).bind("created", e.createdAt())
                .execute() == 1;
    }

    /** Writes the changing parts of {@code e}: score, severity, title, method, model, last seen, end, points, details. */
    static void update(Handle h, SecurityEvent e) {
        h.createUpdate("update security_events set severity = :severity, title = :title, score = :score, method = :method,"
                        + " model_id = cast(:model as uuid), version = cast(:version as int), last_seen_at = :lastSeen, ended_at = :ended, points = :points,"
                        + " details = cast(:details as jsonb) where id = :id")
                .bind("id", e.id()).bind("severity", e.severity()).bind("title", e.title()).bind("score", e.score())
                .bind("method", e.method()).bind("model", e.modelId()).bind("version", e.version()).bind("lastSeen", e.lastSeenAt())
                .bind("ended", e.endedAt()).bind("points", e.points()).bind("details", Json.write(e.details())).execute();
    }

    static Optional<SecurityEvent> find(Handle h, UUID id) {
        return h.createQuery("select " + COLUMNS + " from security_events where id = :id").bind("id", id)
                .map((rs, ctx) -> read(rs)).findOne();
    }

    /** A page of events by the filter, the latest started first. */
    static List<SecurityEvent> list(Handle h, SecurityEventFilter f, int offset, int limit) {
        Query q = h.createQuery("select " + COLUMNS + " from security_events where " + where(f)
                + " order by started_at desc, id offset :offset limit :limit");
        return bind(q, f).bind("offset", offset).bind("limit", limit).map((rs, ctx) -> read(rs)).list();
    }

    static long count(Handle h, SecurityEventFilter f) {
        return bind(h.createQuery("select count(*) from security_events where " + where(f)), f).mapTo(Long.class).one();
    }

    private static String where(SecurityEventFilter f) {
        StringBuilder w = new StringBuilder("true");
        if (f.kind() != null) w.append(" and kind = :kind");
        if (f.severity() != null) w.append(" and severity = :severity");
        if (f.assetId() != null) w.append(" and asset_id = :asset");
        if (f.open() != null) w.append(f.open() ? " and ended_at is null" : " and ended_at is not null");
        if (f.since() != null) w.append(" and coalesce(ended_at, last_seen_at) >= :since");
        if (f.until() != null) w.append(" and started_at < :until");
        return w.toString();
    }

    private static Query bind(Query q, SecurityEventFilter f) {
        if (f.kind() != null) q.bind("kind", f.kind());
        if (f.severity() != null) q.bind("severity", f.severity());
        if (f.assetId() != null) q.bind("asset", f.assetId());
        if (f.since() != null) q.bind("since", f.since());
        if (f.until() != null) q.bind("until", f.until());
        return q;
    }

    private static SecurityEvent read(ResultSet rs) throws SQLException {
        int version = rs.getInt("version");
        Integer v = rs.wasNull() ? null : version;
        return new SecurityEvent(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("severity"), rs.getString("title"),
                rs.getString("asset_id"), rs.getString("source_host"), rs.getString("destination_host"), rs.getString("user_name"),
                rs.getDouble("score"), rs.getString("method"), rs.getObject("model_id", UUID.class), v, instant(rs, "started_at"),
                instant(rs, "last_seen_at"), instant(rs, "ended_at"), rs.getInt("points"), Json.read(rs.getString("details"), DETAILS),
                instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
