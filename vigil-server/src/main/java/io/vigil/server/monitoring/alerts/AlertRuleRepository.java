package io.vigil.server.monitoring.alerts;

import io.vigil.server.core.Json;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The {@code alert_rules} table. A rule is read with its model's id and name: an API rule's model
 * by id, a configuration rule's by name (null while no model has that name).
 */
final class AlertRuleRepository {
    private static final String SELECT = "select r.id, r.name, r.kind, coalesce(r.model_id, mn.id) as model_id,"
            + " coalesce(m.name, r.model_name) as model_name, r.settings::text as settings, r.severity, r.channels, r.enabled,"
            + " r.description, r.source, r.created_by, r.created_at, r.updated_by, r.updated_at from alert_rules r"
            + " left join models m on m.id = r.model_id left join models mn on mn.name = r.model_name";
    private static final String COLUMNS = "id, name, kind, model_id, model_name, settings, severity, channels, enabled, description,"
            + " source, created_by, created_at, updated_by, updated_at";
    private static final String VALUES = ":id, :name, :kind, cast(:modelId as uuid), :modelName, cast(:settings as jsonb), :severity, :channels,"
            + " :enabled, :description, :source, :createdBy, :createdAt, :updatedBy, :updatedAt";

    private final Jdbi jdbi;

    AlertRuleRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    List<AlertRule> all() {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " order by r.name").map((rs, ctx) -> map(rs)).list());
    }

    List<AlertRule> enabled() {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " where r.enabled order by r.name").map((rs, ctx) -> map(rs)).list());
    }

    Optional<AlertRule> find(UUID id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    Optional<AlertRule> find(Handle h, UUID id) {
        return h.createQuery(SELECT + " where r.id = :id").bind("id", id).map((rs, ctx) -> map(rs)).findOne();
    }

    Optional<AlertRule> findByName(Handle h, String name) {
        return h.createQuery(SELECT + " where r.name = :name").bind("name", name).map((rs, ctx) -> map(rs)).findOne();
    }

    /** Inserts {@code rule}; false when its name is taken. */
    boolean insert(Handle h, AlertRule rule) {
        return bind(h.createUpdate("insert into alert_rules (" + COLUMNS + ") values (" + VALUES + ") on conflict (name) do nothing"),
                rule).execute() == 1;
    }

    /** Rewrites {@code rule} (found by its id); false when another rule has its name. */
    boolean update(Handle h, AlertRule rule) {
        if (h.createQuery("select exists (select 1 from alert_rules where name = :name and id <> :id)").bind("name", rule.name())
                .bind("id", rule.id()).mapTo(Boolean.class).one()) {
            return false;
        }
        bind(h.createUpdate("update alert_rules set name = :name, model_id = cast(:modelId as uuid), model_name = :modelName,"
                + " settings = cast(:settings as jsonb), severity = :severity, channels = :channels, enabled = :enabled,"
                + " description = :description, source = :source, updated_by = :updatedBy, updated_at = :updatedAt where id = :id"), rule)
                .execute();
        return true;
    }

    /** Inserts or rewrites a rule of the configuration by its id (its creation kept). */
    void upsert(Handle h, AlertRule rule) {
        bind(h.createUpdate("insert into alert_rules (" + COLUMNS + ") values (" + VALUES + ") on conflict (id) do update set"
                + " name = excluded.name, kind = excluded.kind, model_id = excluded.model_id, model_name = excluded.model_name,"
                + " settings = excluded.settings, severity = excluded.severity, channels = excluded.channels,"
                + " enabled = excluded.enabled, description = excluded.description, updated_by = excluded.updated_by,"
                + " updated_at = excluded.updated_at"), rule).execute();
    }

    void delete(Handle h, UUID id) {
        h.createUpdate("delete from alert_rules where id = :id").bind("id", id).execute();
    }

    /** The rules of the configuration not among {@code keep}. */
    List<AlertRule> configRulesBut(Handle h, List<UUID> keep) {
        return h.createQuery(SELECT + " where r.source = 'config' and not (r.id = any(:keep))")
                .bindArray("keep", UUID.class, keep.toArray()).map((rs, ctx) -> map(rs)).list();
    }

    private static <S extends SqlStatement<S>> S bind(S statement, AlertRule r) {
        return statement.bind("id", r.id()).bind("name", r.name()).bind("kind", r.kind().wire())
                .bind("modelId", AlertRule.FROM_CONFIG.equals(r.source()) ? null : r.modelId())
                .bind("modelName", AlertRule.FROM_CONFIG.equals(r.source()) ? r.modelName() : null)
                .bind("settings", Json.write(r.settings())).bind("severity", r.severity().wire())
                .bind("channels", r.channels().toArray(new UUID[0])).bind("enabled", r.enabled()).bind("description", r.description())
                .bind("source", r.source()).bind("createdBy", r.createdBy()).bind("createdAt", utc(r.createdAt()))
                .bind("updatedBy", r.updatedBy()).bind("updatedAt", utc(r.updatedAt()));
    }

    private static AlertRule map(ResultSet rs) throws SQLException {
        AlertRule.RuleSettings s = Json.read(rs.getString("settings"), new com.fasterxml.jackson.core.type.TypeReference<>() {});
        Array channels = rs.getArray("channels");
        List<UUID> ids = channels == null ? List.of() : Arrays.stream((Object[]) channels.getArray()).map(o -> (UUID) o).toList();
        return new AlertRule(rs.getObject("id", UUID.class), rs.getString("name"),
                RuleKind.parse(rs.getString("kind")).orElseThrow(() -> new IllegalStateException("unknown rule kind in alert_rules")),
                rs.getObject("model_id", UUID.class), rs.getString("model_name"), s.threshold(), s.floor(), s.classes(), s.baseline(),
                s.window(), s.minSamples(), Severity.parse(rs.getString("severity")).orElse(Severity.WARNING), s.cooldown(), ids,
                rs.getBoolean("enabled"), rs.getString("description"), rs.getString("source"), rs.getString("created_by"),
                instant(rs, "created_at"), rs.getString("updated_by"), instant(rs, "updated_at"));
    }

    static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
