package io.vigil.server.monitoring.alerts.channels;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

/** {@code alert_channels} (V15). */
final class ChannelRepository {
    private static final String COLUMNS = "id, name, type, url, recipients, secret, enabled, created_at, created_by, updated_at, updated_by";

    private final Jdbi jdbi;

    ChannelRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores a new channel; false when its name is taken. */
    boolean insert(Channel c) {
        return jdbi.withHandle(h -> bindAll(h.createUpdate("insert into alert_channels (" + COLUMNS + ") values (:id, :name, :type, :url,"
                + " :recipients, :secret, :enabled, :createdAt, :createdBy, :updatedAt, :updatedBy) on conflict (name) do nothing"), c)
                .execute()) == 1;
    }

    /** Replaces a channel's fields (not its id, type or creation); false when the new name is another channel's. */
    boolean update(Channel c) {
        return jdbi.withHandle(h -> {
            boolean taken = h.createQuery("select exists (select 1 from alert_channels where name = :name and id <> :id)")
                    .bind("name", c.name()).bind("id", c.id()).mapTo(Boolean.class).one();
            if (taken) {
                return false;
            }
            bindAll(h.createUpdate("update alert_channels set name = :name, url = :url, recipients = :recipients, secret = :secret,"
                    + " enabled = :enabled, updated_at = :updatedAt, updated_by = :updatedBy where id = :id"), c).execute();
            return true;
        });
    }

    Optional<Channel> find(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from alert_channels where id = :id").bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    List<Channel> all() {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from alert_channels order by name").map((rs, ctx) -> map(rs)).list());
    }

    boolean delete(UUID id) {
        return jdbi.withHandle(h -> h.createUpdate("delete from alert_channels where id = :id").bind("id", id).execute()) == 1;
    }

    private static Update bindAll(Update u, Channel c) {
        if (c.type() == ChannelType.EMAIL) {
            u.bindArray("recipients", String.class, c.recipients());
        } else {
            u.bindNull("recipients", java.sql.Types.ARRAY);
        }
        return u.bind("id", c.id()).bind("name", c.name()).bind("type", c.type().wire()).bind("url", c.url())
                .bind("secret", c.secret()).bind("enabled", c.enabled())
                .bind("createdAt", Timestamp.from(c.createdAt())).bind("createdBy", c.createdBy())
                .bind("updatedAt", Timestamp.from(c.updatedAt())).bind("updatedBy", c.updatedBy());
    }

    static Channel map(ResultSet rs) throws SQLException {
        java.sql.Array recipients = rs.getArray("recipients");
        return new Channel(rs.getObject("id", UUID.class), rs.getString("name"), ChannelType.read(rs.getString("type")).orElseThrow(),
                rs.getString("url"), recipients == null ? List.of() : Arrays.asList((String[]) recipients.getArray()), rs.getString("secret"),
                rs.getBoolean("enabled"), instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "updated_at"),
                rs.getString("updated_by"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
