package io.vigil.server.settings;

import io.vigil.server.core.Json;
import io.vigil.server.core.VigilException;
import io.vigil.server.persistence.AdvisoryLock;
import io.vigil.server.persistence.Notifications;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * {@code runtime_settings} (V23): the revisions of each section, append-only. A new revision is
 * numbered under the section's advisory lock, shared by every instance of the database, and
 * announced with {@code NOTIFY vigil_settings} in the same transaction, so listeners hear of it
 * exactly when it is committed.
 */
final class SettingsRepository {
    /** The channel every instance listens on; the payload is the section's name. */
    static final String CHANNEL = "vigil_settings";
    private static final String COLUMNS = "section, revision, value::text as value, changed_by, changed_at, reason, rolled_back_from";

    private final Jdbi jdbi;

    SettingsRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** What a new revision records besides its number. */
    record Change(String section, String valueJson, String changedBy, Instant changedAt, String reason, Integer rolledBackFrom) {}

    /**
     * Stores {@code change} as the section's next revision and announces it, in one transaction.
     *
     * @param expectedRevision when not null, the revision the writer saw: a different latest one is a
     *                         conflict (409), and nothing is stored
     */
    SettingsRevision append(Change change, Integer expectedRevision) {
        return jdbi.inTransaction(h -> {
            AdvisoryLock.named("vigil:settings:" + change.section()).lock(h);
            int latest = latestRevision(h, change.section());
            if (expectedRevision != null && expectedRevision != latest) {
                throw VigilException.conflict("section " + change.section() + " is at revision " + latest
                        + ", not " + expectedRevision + ": read it again and apply your change to what it is now");
            }
            SettingsRevision stored = h.createQuery("insert into runtime_settings (section, revision, value, changed_by, changed_at, "
                            + "reason, rolled_back_from) values (:section, :revision, cast(:value as jsonb), :by, :at, :reason, :from) "
                            + "returning " + COLUMNS)
                    .bind("section", change.section()).bind("revision", latest + 1).bind("value", change.valueJson())
                    .bind("by", change.changedBy()).bind("at", Timestamp.from(change.changedAt())).bind("reason", change.reason())
                    .bind("from", change.rolledBackFrom())
                    .map(SettingsRepository::row).one();
            Notifications.notify(h, CHANNEL, change.section());
            return stored;
        });
    }

    /** The latest stored revision of {@code section}, if any. */
    Optional<SettingsRevision> latest(String section) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from runtime_settings where section = :section "
                + "order by revision desc limit 1").bind("section", section).map(SettingsRepository::row).findOne());
    }

    Optional<SettingsRevision> find(String section, int revision) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from runtime_settings where section = :section "
                + "and revision = :revision").bind("section", section).bind("revision", revision)
                .map(SettingsRepository::row).findOne());
    }

    /** Stored revisions of {@code section}, newest first. */
    List<SettingsRevision> history(String section, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from runtime_settings where section = :section "
                        + "order by revision desc offset :offset limit :limit")
                .bind("section", section).bind("offset", offset).bind("limit", limit).map(SettingsRepository::row).list());
    }

    /** The latest stored revision of every section that has one: one query for the periodic check. */
    java.util.Map<String, Integer> latestRevisions() {
        return jdbi.withHandle(h -> h.createQuery("select section, max(revision) as revision from runtime_settings group by section")
                .reduceRows(new java.util.HashMap<String, Integer>(), (map, row) -> {
                    map.put(row.getColumn("section", String.class), row.getColumn("revision", Integer.class));
                    return map;
                }));
    }

    int latestRevision(String section) {
        return jdbi.withHandle(h -> latestRevision(h, section));
    }

    private static int latestRevision(Handle h, String section) {
        return h.createQuery("select coalesce(max(revision), 0) from runtime_settings where section = :section")
                .bind("section", section).mapTo(Integer.class).one();
    }

    private static SettingsRevision row(ResultSet rs, StatementContext ctx) throws SQLException {
        int from = rs.getInt("rolled_back_from");
        Integer rolledBackFrom = rs.wasNull() ? null : from;
        return new SettingsRevision(rs.getString("section"), rs.getInt("revision"), Json.readTree(rs.getString("value")),
                rs.getString("changed_by"), rs.getTimestamp("changed_at").toInstant(), rs.getString("reason"), rolledBackFrom);
    }
}
