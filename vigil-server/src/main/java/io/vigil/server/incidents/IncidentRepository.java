package io.vigil.server.incidents;

import io.vigil.server.core.Uuids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** {@code incidents} and {@code incident_activity} (V22), inside the caller's transaction. */
final class IncidentRepository {
    private static final String COLUMNS = "id, title, status, severity, entity_kind, entity, first_seen_at, last_seen_at, event_count,"
            + " max_score, model_types, assignee, created_at, updated_at, closed_at";

    private IncidentRepository() {}

    /** Serialises the grouping of one entity's events across transactions and instances until this transaction ends. */
    static void lockEntity(Handle h, EntityKey key) {
        h.createQuery("select pg_advisory_xact_lock(hashtextextended(:k, 22))").bind("k", key.kind() + ":" + key.value())
                .mapTo(String.class).one();
    }

    /** The entity's active incident whose span, widened by {@code window} each side, holds {@code at}: the latest such. */
    static Optional<Incident> joinable(Handle h, EntityKey key, Instant at, Duration window) {
        return h.createQuery("select " + COLUMNS + " from incidents where entity_kind = :kind and entity = :entity"
                        + " and status in ('open', 'acknowledged') and first_seen_at <= :late and last_seen_at >= :early"
                        + " order by last_seen_at desc limit 1 for update")
                .bind("kind", key.kind()).bind("entity", key.value()).bind("late", at.plus(window)).bind("early", at.minus(window))
                .map((rs, ctx) -> read(rs)).findOne();
    }

    static void insert(Handle h, Incident i) {
        h.createUpdate("insert into incidents (" + COLUMNS + ") values (:id, :title, :status, :severity, :kind, :entity, :first, :last,"
                        + " :count, :maxScore, :types, :assignee, :created, :updated, :closed)")
                .bind("id", i.id()).bind("title", i.title()).bind("status", i.status()).bind("severity", i.severity())
                .bind("kind", i.entityKind()).bind("entity", i.entity()).bind("first", i.firstSeenAt()).bind("last", i.lastSeenAt())
                .bind("count", i.eventCount()).bind("maxScore", i.maxScore()).bindArray("types", String.class, i.modelTypes().toArray())
                .bind("assignee", i.assignee()).bind("created", i.createdAt()).bind("updated", i.updatedAt()).bind("closed", i.closedAt())
                .execute();
    }

    /** Writes what events change: span, count, highest score and severity, model types, title. */
    static void updateSpan(Handle h, Incident i) {
        h.createUpdate("update incidents set title = :title, severity = :severity, first_seen_at = :first, last_seen_at = :last,"
                        + " event_count = :count, max_score = :maxScore, model_types = :types, updated_at = :updated where id = :id")
                .bind("id", i.id()).bind("title", i.title()).bind("severity", i.severity()).bind("first", i.firstSeenAt())
                .bind("last", i.lastSeenAt()).bind("count", i.eventCount()).bind("maxScore", i.maxScore())
                .bindArray("types", String.class, i.modelTypes().toArray()).bind("updated", i.updatedAt()).execute();
    }

    /** Writes what analysts change: status, assignee, closing time. */
    static void updateTriage(Handle h, Incident i) {
        h.createUpdate("update incidents set status = :status, assignee = :assignee, closed_at = :closed, updated_at = :updated"
                        + " where id = :id")
                .bind("id", i.id()).bind("status", i.status()).bind("assignee", i.assignee()).bind("closed", i.closedAt())
                .bind("updated", i.updatedAt()).execute();
    }

    static Optional<Incident> find(Handle h, UUID id, boolean forUpdate) {
        return h.createQuery("select " + COLUMNS + " from incidents where id = :id" + (forUpdate ? " for update" : "")).bind("id", id)
                .map((rs, ctx) -> read(rs)).findOne();
    }

    static List<Incident> byIds(Handle h, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return h.createQuery("select " + COLUMNS + " from incidents where id = any(:ids)").bindArray("ids", UUID.class, ids.toArray())
                .map((rs, ctx) -> read(rs)).list();
    }

    static List<Incident> list(Handle h, IncidentFilter f, int offset, int limit) {
        return bind(h.createQuery("select " + COLUMNS + " from incidents where " + where(f)
                + " order by last_seen_at desc, id offset :offset limit :limit"), f)
                .bind("offset", offset).bind("limit", limit).map((rs, ctx) -> read(rs)).list();
    }

    static long count(Handle h, IncidentFilter f) {
        return bind(h.createQuery("select count(*) from incidents where " + where(f)), f).mapTo(Long.class).one();
    }

    private static String where(IncidentFilter f) {
        StringBuilder w = new StringBuilder("true");
        if (f.status() != null) w.append(" and status = :status");
        if (f.severity() != null) w.append(" and severity = :severity");
        if (f.entity() != null) w.append(" and entity = :entity");
        if (f.assignee() != null) w.append(" and assignee = :assignee");
        if (f.modelType() != null) w.append(" and model_types @> array[cast(:modelType as text)]");
        if (f.since() != null) w.append(" and last_seen_at >= :since");
        if (f.until() != null) w.append(" and first_seen_at < :until");
        return w.toString();
    }

    private static Query bind(Query q, IncidentFilter f) {
        if (f.status() != null) q.bind("status", f.status());
        if (f.severity() != null) q.bind("severity", f.severity());
        if (f.entity() != null) q.bind("entity", f.entity());
        if (f.assignee() != null) q.bind("assignee", f.assignee());
        if (f.modelType() != null) q.bind("modelType", f.modelType());
        if (f.since() != null) q.bind("since", f.since());
        if (f.until() != null) q.bind("until", f.until());
        return q;
    }

    static void addActivity(Handle h, UUID incident, IncidentActivity a) {
        h.createUpdate("insert into incident_activity (id, incident_id, at, actor, action, from_value, to_value, note)"
                        + " values (:id, :incident, :at, :actor, :action, :from, :to, :note)")
                .bind("id", Uuids.timeOrdered(a.at())).bind("incident", incident).bind("at", a.at()).bind("actor", a.actor())
                .bind("action", a.action()).bind("from", a.from()).bind("to", a.to()).bind("note", a.note()).execute();
    }

    static List<IncidentActivity> activity(Handle h, UUID incident) {
        return h.createQuery("select at, actor, action, from_value, to_value, note from incident_activity where incident_id = :id"
                        + " order by at, seq")
                .bind("id", incident)
                .map((rs, ctx) -> new IncidentActivity(instant(rs, "at"), rs.getString("actor"), rs.getString("action"),
                        rs.getString("from_value"), rs.getString("to_value"), rs.getString("note")))
                .list();
    }

    private static Incident read(ResultSet rs) throws SQLException {
        String[] types = (String[]) rs.getArray("model_types").getArray();
        return new Incident(rs.getObject("id", UUID.class), rs.getString("title"), rs.getString("status"), rs.getString("severity"),
                rs.getString("entity_kind"), rs.getString("entity"), instant(rs, "first_seen_at"), instant(rs, "last_seen_at"),
                rs.getInt("event_count"), rs.getDouble("max_score"), Arrays.asList(types), rs.getString("assignee"),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "closed_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
