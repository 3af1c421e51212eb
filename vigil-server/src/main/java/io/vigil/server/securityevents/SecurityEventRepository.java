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
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/** {@code security_events} (V19, V22), read and written inside the caller's transaction. */
final class SecurityEventRepository {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final TypeReference<Verdict> VERDICT = new TypeReference<>() {};
    private static final String COLUMNS = "id, kind, severity, title, asset_id, source_host, destination_host, user_name, score, method,"
            + " model_id, version, started_at, last_seen_at, ended_at, points, details, created_at, model_type, ml_score, rule_score,"
            + " divergence, rules_fired, verdict, input, source, incident_id";
    private static final String VALUES = ":id, :kind, :severity, :title, :asset, :source, :destination, :user, :score, :method,"
            + " cast(:model as uuid), cast(:version as int), :started, :lastSeen, :ended, :points, cast(:details as jsonb), :created,"
            + " :modelType, cast(:mlScore as double precision), cast(:ruleScore as double precision), :divergence, :rules,"
            + " cast(:verdict as jsonb), cast(:input as jsonb), :reportedBy, cast(:incident as uuid)";

    private SecurityEventRepository() {}

    /** The open anomaly event of an asset, locked until the transaction ends. */
    static Optional<SecurityEvent> openAnomalyForUpdate(Handle h, String assetId) {
        return h.createQuery("select " + COLUMNS + " from security_events where kind = 'anomaly' and asset_id = :asset"
                        + " and ended_at is null for update")
                .bind("asset", assetId).map((rs, ctx) -> read(rs)).findOne();
    }

    /** Inserts {@code e} unless it conflicts (an asset's open anomaly event another instance made); answers whether it did. */
    static boolean insert(Handle h, SecurityEvent e) {
        var update = h.createUpdate("insert into security_events (" + COLUMNS + ") values (" + VALUES + ") on conflict do nothing");
        bindAll(e, update::bind, update::bindArray);
        return update.execute() == 1;
    }

    /** Inserts every event of {@code events} in one batch. */
    static void insertAll(Handle h, List<SecurityEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("insert into security_events (" + COLUMNS + ") values (" + VALUES + ")");
        for (SecurityEvent e : events) {
            bindAll(e, batch::bind, batch::bindArray);
            batch.add();
        }
        batch.execute();
    }

    private interface Binder {
        Object bind(String name, Object value);
    }

    private interface ArrayBinder {
        Object bind(String name, Class<?> type, Object... values);
    }

    private static void bindAll(SecurityEvent e, Binder b, ArrayBinder array) {
        Verdict v = e.verdict();
        b.bind("id", e.id());
        b.bind("kind", e.kind());
        b.bind("severity", e.severity());
        b.bind("title", e.title());
        b.bind("asset", e.assetId());
        b.bind("source", e.sourceHost());
        b.bind("destination", e.destinationHost());
        b.bind("user", e.userName());
        b.bind("score", e.score());
        b.bind("method", e.method());
        b.bind("model", e.modelId());
        b.bind("version", e.version());
        b.bind("started", e.startedAt());
        b.bind("lastSeen", e.lastSeenAt());
        b.bind("ended", e.endedAt());
        b.bind("points", e.points());
        b.bind("details", Json.write(e.details() == null ? Map.of() : e.details()));
        b.bind("created", e.createdAt());
        b.bind("modelType", e.modelType());
        b.bind("mlScore", v == null ? null : v.mlScore());
        b.bind("ruleScore", v == null ? null : v.ruleScore());
        b.bind("divergence", v == null ? null : v.divergence());
        array.bind("rules", String.class, v == null ? new Object[0] : v.rulesFired().toArray());
        b.bind("verdict", v == null ? null : Json.write(v));
        b.bind("input", e.input() == null ? null : Json.write(e.input()));
        b.bind("reportedBy", e.source());
        b.bind("incident", e.incident());
    }

    /** Writes the changing parts of an anomaly event: score, severity, title, method, model, last seen, end, points, details. */
    static void update(Handle h, SecurityEvent e) {
        h.createUpdate("update security_events set severity = :severity, title = :title, score = :score, method = :method,"
                        + " model_id = cast(:model as uuid), version = cast(:version as int), last_seen_at = :lastSeen, ended_at = :ended, points = :points,"
                        + " details = cast(:details as jsonb) where id = :id")
                .bind("id", e.id()).bind("severity", e.severity()).bind("title", e.title()).bind("score", e.score())
                .bind("method", e.method()).bind("model", e.modelId()).bind("version", e.version()).bind("lastSeen", e.lastSeenAt())
                .bind("ended", e.endedAt()).bind("points", e.points()).bind("details", Json.write(e.details())).execute();
    }

    static void setIncident(Handle h, UUID event, UUID incident) {
        h.createUpdate("update security_events set incident_id = :incident where id = :id").bind("incident", incident).bind("id", event)
                .execute();
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

    /** Events by id, in no particular order; ids that name none are left out. */
    static List<SecurityEvent> byIds(Handle h, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return h.createQuery("select " + COLUMNS + " from security_events where id = any(:ids)")
                .bindArray("ids", UUID.class, ids.toArray()).map((rs, ctx) -> read(rs)).list();
    }

    /** Every event, oldest first, one at a time (a rebuild of the search index). */
    static void forEach(Handle h, Consumer<SecurityEvent> each) {
        h.createQuery("select " + COLUMNS + " from security_events order by started_at, id").setFetchSize(1_000)
                .map((rs, ctx) -> read(rs)).forEach(each);
    }

    static long count(Handle h, SecurityEventFilter f) {
        return bind(h.createQuery("select count(*) from security_events where " + where(f)), f).mapTo(Long.class).one();
    }

    /** Counts of the filtered events by {@code column} (a fixed column name, never a client's word). */
    static Map<String, Long> countBy(Handle h, SecurityEventFilter f, String column) {
        Query q = h.createQuery("select coalesce(" + column + ", '') as k, count(*) as n from security_events where " + where(f)
                + " group by 1 order by 2 desc limit 100");
        java.util.LinkedHashMap<String, Long> out = new java.util.LinkedHashMap<>();
        bind(q, f).map((rs, ctx) -> Map.entry(rs.getString("k"), rs.getLong("n"))).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static String where(SecurityEventFilter f) {
        StringBuilder w = new StringBuilder("true");
        if (f.kind() != null) w.append(" and kind = :kind");
        if (f.severity() != null) w.append(" and severity = :severity");
        if (f.assetId() != null) w.append(" and asset_id = :asset");
        if (f.open() != null) w.append(f.open() ? " and ended_at is null" : " and ended_at is not null");
        if (f.since() != null) w.append(" and coalesce(ended_at, last_seen_at) >= :since");
        if (f.until() != null) w.append(" and started_at < :until");
        if (f.modelType() != null) w.append(" and model_type = :modelType");
        if (f.divergent() != null) w.append(f.divergent() ? " and divergence is not null" : " and divergence is null");
        if (f.rule() != null) w.append(" and rules_fired @> array[cast(:rule as text)]");
        if (f.entity() != null) {
            w.append(" and (source_host = :entity or destination_host = :entity or asset_id = :entity or user_name = :entity)");
        }
        if (f.incident() != null) w.append(" and incident_id = :incident");
        return w.toString();
    }

    private static Query bind(Query q, SecurityEventFilter f) {
        if (f.kind() != null) q.bind("kind", f.kind());
        if (f.severity() != null) q.bind("severity", f.severity());
        if (f.assetId() != null) q.bind("asset", f.assetId());
        if (f.since() != null) q.bind("since", f.since());
        if (f.until() != null) q.bind("until", f.until());
        if (f.modelType() != null) q.bind("modelType", f.modelType());
        if (f.rule() != null) q.bind("rule", f.rule());
        if (f.entity() != null) q.bind("entity", f.entity());
        if (f.incident() != null) q.bind("incident", f.incident());
        return q;
    }

    private static SecurityEvent read(ResultSet rs) throws SQLException {
        int version = rs.getInt("version");
        Integer v = rs.wasNull() ? null : version;
        String verdict = rs.getString("verdict");
        String input = rs.getString("input");
        return new SecurityEvent(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("severity"), rs.getString("title"),
                rs.getString("asset_id"), rs.getString("source_host"), rs.getString("destination_host"), rs.getString("user_name"),
                rs.getDouble("score"), rs.getString("method"), rs.getObject("model_id", UUID.class), v, instant(rs, "started_at"),
                instant(rs, "last_seen_at"), instant(rs, "ended_at"), rs.getInt("points"), Json.read(rs.getString("details"), MAP),
                instant(rs, "created_at"), rs.getString("model_type"), verdict == null ? null : Json.read(verdict, VERDICT),
                input == null ? null : Json.read(input, MAP), rs.getString("source"), rs.getObject("incident_id", UUID.class));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
