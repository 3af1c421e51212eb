package io.vigil.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.core.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

/** The {@code audit_log} table: rows are inserted, in batches, and read; never changed (the table refuses it). */
final class AuditRepository {
    private static final TypeReference<Map<String, String>> IDS = new TypeReference<>() {};
    private static final String COLUMNS = "seq, at, actor, actor_kind, role, action, object::text as object, result, address, request_id";
    // a null parameter filters nothing; casts give PostgreSQL the types of parameters that may be null
    private static final String FILTER = " where (cast(:actor as text) is null or lower(actor) = lower(:actor))"
            + " and (cast(:action as text) is null or action = :action or action like :anyMethod escape '!')"
            + " and (cast(:object as text) is null or exists (select 1 from jsonb_each_text(object) o"
            + "      where o.value = :object or o.value like :createdId escape '!'))"
            + " and (cast(:from as timestamptz) is null or at >= :from)"
            + " and (cast(:to as timestamptz) is null or at < :to)"
            + " and (cast(:result as integer) is null or result = :result)"
            + " and (cast(:resultClass as integer) is null or result / 100 = :resultClass)";

    private final Jdbi jdbi;

    AuditRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Inserts {@code entries} in one transaction: all are stored, or none. */
    void insert(List<Stamped> entries) {
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("insert into audit_log (at, actor, actor_kind, role, action, object, result, address,"
                    + " request_id) values (:at, :actor, :actorKind, :role, :action, cast(:object as jsonb), :result, :address, :requestId)");
            for (Stamped s : entries) {
                AuditEvent e = s.event();
                batch.bind("at", Timestamp.from(s.at())).bind("actor", e.actor()).bind("actorKind", e.actorKind())
                        .bind("role", e.role() == null ? null : e.role().wire()).bind("action", e.action())
                        .bind("object", json(e.object())).bind("result", e.result()).bind("address", e.address())
                        .bind("requestId", e.requestId()).add();
            }
            batch.execute();
        });
    }

    /** One page of the rows {@code filter} selects, newest first. */
    Page<AuditEntry> find(AuditFilter filter, int page, int size) {
        return jdbi.withHandle(h -> {
            long total = bind(h.createQuery("select count(*) from audit_log" + FILTER), filter).mapTo(Long.class).one();
            List<AuditEntry> items = bind(h.createQuery("select " + COLUMNS + " from audit_log" + FILTER
                    + " order by at desc, seq desc limit :limit offset :offset"), filter)
                    .bind("limit", size).bind("offset", (long) (page - 1) * size)
                    .map((rs, ctx) -> map(rs)).list();
            return Page.of(items, page, size, total);
        });
    }

    /** An event with the time it completed: what waits to be inserted. */
    record Stamped(Instant at, AuditEvent event) {}

    private static <S extends SqlStatement<S>> S bind(S statement, AuditFilter f) {
        return statement.bind("actor", f.actor()).bind("action", f.action()).bind("object", f.object())
                .bind("anyMethod", f.action() == null ? null : "% " + literal(f.action()))
                .bind("createdId", f.object() == null ? null : "%/" + literal(f.object()))
                .bind("from", f.from() == null ? null : Timestamp.from(f.from()))
                .bind("to", f.to() == null ? null : Timestamp.from(f.to()))
                .bind("result", f.result()).bind("resultClass", f.resultClass());
    }

    /** {@code s} matched as it is by LIKE: its wildcards escaped with '!' (a backslash would confuse Jdbi's parser of named parameters). */
    private static String literal(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static AuditEntry map(ResultSet rs) throws SQLException {
        String role = rs.getString("role");
        Map<String, String> object;
        try {
            object = Json.MAPPER.readValue(rs.getString("object"), IDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit_log.object of row " + rs.getLong("seq") + " is not a JSON object of texts", e);
        }
        return new AuditEntry(rs.getLong("seq"), rs.getTimestamp("at").toInstant(), rs.getString("actor"), rs.getString("actor_kind"),
                role == null ? null : Role.parse(role).orElse(null), rs.getString("action"), object, rs.getInt("result"),
                rs.getString("address"), rs.getString("request_id"));
    }

    private static String json(Map<String, String> object) {
        try {
            return Json.MAPPER.writeValueAsString(object);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
