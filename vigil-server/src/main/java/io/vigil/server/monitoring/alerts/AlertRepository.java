package io.vigil.server.monitoring.alerts;

import static io.vigil.server.monitoring.alerts.AlertRuleRepository.instant;
import static io.vigil.server.monitoring.alerts.AlertRuleRepository.utc;

import com.fasterxml.jackson.core.type.TypeReference;
import io.vigil.server.core.Json;
import io.vigil.server.core.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The {@code alerts} table. Its unique index on each rule's open alert per model is what makes
 * two instances that see the same incident at once keep one alert.
 */
final class AlertRepository {
    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {};
    private static final String COLUMNS = "id, rule_id, rule_name, kind, severity, model_id, model_name, version, state, summary,"
            + " details::text as details, first_seen, last_seen, occurrences, acknowledged_by, acknowledged_at, resolved_by,"
            + " resolved_at, resolution";
    private static final String SAME_MODEL = "model_id is not distinct from cast(:model as uuid)";
    // a null parameter filters nothing; casts give PostgreSQL the types of parameters that may be null
    private static final String FILTER = " where (cast(:state as text) is null or state = :state)"
            + " and (not :openOnly or state <> 'resolved')"
            + " and (cast(:severity as text) is null or severity = :severity)"
            + " and (cast(:model as uuid) is null or model_id = cast(:model as uuid))"
            + " and (cast(:rule as uuid) is null or rule_id = cast(:rule as uuid))"
            + " and (cast(:kind as text) is null or kind = :kind)"
            + " and (cast(:since as timestamptz) is null or last_seen >= :since)"
            + " and (cast(:until as timestamptz) is null or first_seen < :until)";

    private final Jdbi jdbi;

    AlertRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /** The open alert of {@code ruleId} about {@code modelId}, locked until the transaction ends. */
    Optional<Alert> openForUpdate(Handle h, UUID ruleId, UUID modelId) {
        return h.createQuery("select " + COLUMNS + " from alerts where rule_id = :rule and " + SAME_MODEL
                        + " and state <> 'resolved' for update")
                .bind("rule", ruleId).bind("model", modelId).map((rs, ctx) -> map(rs)).findOne();
    }

    /** When the last alert of {@code ruleId} about {@code modelId} was resolved, if one was. */
    Optional<Instant> lastResolved(Handle h, UUID ruleId, UUID modelId) {
        return h.createQuery("select max(resolved_at) from alerts where rule_id = :rule and " + SAME_MODEL + " and state = 'resolved'")
                .bind("rule", ruleId).bind("model", modelId).mapTo(java.time.OffsetDateTime.class).findOne().map(t -> t.toInstant());
    }

    /** Inserts a new open alert; false when another instance opened one for the same rule and model first. */
    boolean insert(Handle h, Alert a) {
        return bindAll(h.createUpdate("insert into alerts (id, rule_id, rule_name, kind, severity, model_id, model_name, version,"
                        + " state, summary, details, first_seen, last_seen, occurrences) values (:id, cast(:rule as uuid), :ruleName, :kind, :severity,"
                        + " cast(:model as uuid), :modelName, :version, :state, :summary, cast(:details as jsonb), :firstSeen, :lastSeen, :occurrences)"
                        + " on conflict do nothing"), a).execute() == 1;
    }

    /** Writes what a new firing changed in an open alert. */
    void seenAgain(Handle h, Alert a) {
        bindAll(h.createUpdate("update alerts set version = :version, summary = :summary, details = cast(:details as jsonb),"
                + " last_seen = :lastSeen, occurrences = :occurrences where id = :id"), a).execute();
    }

    /** Acknowledges a firing alert: the alert as it now is, or empty if it was not firing. */
    Optional<Alert> acknowledge(UUID id, String by, Instant at) {
        return jdbi.withHandle(h -> h.createQuery("update alerts set state = 'acknowledged', acknowledged_by = :by, acknowledged_at = :at"
                        + " where id = :id and state = 'firing' returning " + COLUMNS)
                .bind("id", id).bind("by", by).bind("at", utc(at)).map((rs, ctx) -> map(rs)).findOne());
    }

    /** Resolves an open alert: the alert as it now is, or empty if it was not open. */
    Optional<Alert> resolve(Handle h, UUID id, String by, Instant at, String resolution) {
        return h.createQuery("update alerts set state = 'resolved', resolved_by = :by, resolved_at = :at, resolution = :resolution"
                        + " where id = :id and state <> 'resolved' returning " + COLUMNS)
                .bind("id", id).bind("by", by).bind("at", utc(at)).bind("resolution", resolution).map((rs, ctx) -> map(rs)).findOne();
    }

    Optional<Alert> find(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from alerts where id = :id").bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    /** Every open alert (firing or acknowledged). */
    List<Alert> open() {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from alerts where state <> 'resolved'")
                .map((rs, ctx) -> map(rs)).list());
    }

    /** One page of the alerts {@code filter} selects, the most recently seen first. */
    Page<Alert> list(AlertFilter filter, int page, int size) {
        return jdbi.withHandle(h -> {
            long total = bind(h.createQuery("select count(*) from alerts" + FILTER), filter).mapTo(Long.class).one();
            List<Alert> items = bind(h.createQuery("select " + COLUMNS + " from alerts" + FILTER
                    + " order by last_seen desc, id limit :limit offset :offset"), filter)
                    .bind("limit", size).bind("offset", (long) (page - 1) * size).map((rs, ctx) -> map(rs)).list();
            return Page.of(items, page, size, total);
        });
    }

    private static <S extends SqlStatement<S>> S bind(S statement, AlertFilter f) {
        return statement.bind("state", f.state() == null ? null : f.state().wire()).bind("openOnly", f.openOnly())
                .bind("severity", f.severity() == null ? null : f.severity().wire()).bind("model", f.modelId()).bind("rule", f.ruleId())
                .bind("kind", f.kind() == null ? null : f.kind().wire()).bind("since", utc(f.since())).bind("until", utc(f.until()));
    }

    private static <S extends SqlStatement<S>> S bindAll(S statement, Alert a) {
        return statement.bind("id", a.id()).bind("rule", a.ruleId()).bind("ruleName", a.ruleName()).bind("kind", a.kind().wire())
                .bind("severity", a.severity().wire()).bind("model", a.modelId()).bind("modelName", a.modelName())
                .bind("version", a.version()).bind("state", a.state().wire()).bind("summary", a.summary())
                .bind("details", Json.write(a.details())).bind("firstSeen", utc(a.firstSeen())).bind("lastSeen", utc(a.lastSeen()))
                .bind("occurrences", a.occurrences());
    }

    private static Alert map(ResultSet rs) throws SQLException {
        RuleKind kind = RuleKind.parse(rs.getString("kind")).orElseThrow(() -> new IllegalStateException("unknown kind in alerts"));
        Integer version = rs.getObject("version", Integer.class);
        return new Alert(rs.getObject("id", UUID.class), rs.getObject("rule_id", UUID.class), rs.getString("rule_name"), kind,
                kind.category(), Severity.parse(rs.getString("severity")).orElse(Severity.WARNING),
                AlertState.parse(rs.getString("state")).orElseThrow(), rs.getObject("model_id", UUID.class), rs.getString("model_name"),
                version, rs.getString("summary"), Json.read(rs.getString("details"), DETAILS), instant(rs, "first_seen"),
                instant(rs, "last_seen"), rs.getLong("occurrences"), rs.getString("acknowledged_by"), instant(rs, "acknowledged_at"),
                rs.getString("resolved_by"), instant(rs, "resolved_at"), rs.getString("resolution"));
    }
}
