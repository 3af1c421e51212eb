package io.vigil.server.auth;

import io.vigil.server.core.Page;
import io.vigil.server.core.VigilException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** The {@code users} table. Every statement on it is here. */
final class UserRepository {
    private static final String COLUMNS = "id, username, role, disabled, created_at, updated_at";
    // one lock for "is there a user yet?": instances starting together create one admin, not two
    private static final long BOOTSTRAP_LOCK = 0x7669_6769_6c75_7372L; // "vigilusr"

    /** A user with the hash its password is checked against. */
    record Stored(User user, String passwordHash) {}

    private final Jdbi jdbi;

    UserRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    User insert(UUID id, String username, Role role, String passwordHash, Instant now) {
        try {
            return jdbi.withHandle(h -> insert(h, id, username, role, passwordHash, now));
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                throw VigilException.conflict("a user named '" + username + "' exists already (names are case-insensitive)");
            }
            throw e;
        }
    }

    /**
     * Inserts the user {@code make} describes if there is no user at all, under a transaction lock
     * that every instance takes: answers whether it was inserted.
     */
    boolean insertIfNoUsers(Supplier<Stored> make) {
        return jdbi.inTransaction(h -> {
            h.execute("select pg_advisory_xact_lock(?)", BOOTSTRAP_LOCK);
            if (h.createQuery("select exists (select 1 from users)").mapTo(Boolean.class).one()) {
                return false;
            }
            Stored s = make.get();
            insert(h, s.user().id(), s.user().username(), s.user().role(), s.passwordHash(), s.user().createdAt());
            return true;
        });
    }

    private static User insert(Handle h, UUID id, String username, Role role, String passwordHash, Instant now) {
        return h.createQuery("insert into users (id, username, role, password_hash, disabled, created_at, updated_at) "
                        + "values (:id, :username, :role, :hash, false, :now, :now) returning " + COLUMNS)
                .bind("id", id).bind("username", username).bind("role", role.wire()).bind("hash", passwordHash)
                .bind("now", Timestamp.from(now))
                .map(UserRepository::map).one();
    }

    Optional<Stored> findByName(String username) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + ", password_hash from users where lower(username) = lower(:name)")
                .bind("name", username)
                .map((rs, ctx) -> new Stored(map(rs, ctx), rs.getString("password_hash"))).findOne());
    }

    Optional<User> find(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from users where id = :id")
                .bind("id", id).map(UserRepository::map).findOne());
    }

    Page<User> list(int page, int size) {
        return jdbi.withHandle(h -> {
            long total = h.createQuery("select count(*) from users").mapTo(Long.class).one();
            List<User> items = h.createQuery("select " + COLUMNS + " from users order by lower(username) limit :limit offset :offset")
                    .bind("limit", size).bind("offset", (long) (page - 1) * size)
                    .map(UserRepository::map).list();
            return Page.of(items, page, size, total);
        });
    }

    /**
     * Changes a user in one transaction, with every enabled admin's row locked first: {@code change}
     * sees the user and how many enabled admins there are, and answers the statement to run (or
     * throws to refuse), so two admins demoting each other at once cannot leave none.
     */
    Optional<User> update(UUID id, Instant now, Change change) {
        return jdbi.inTransaction(h -> {
            List<UUID> admins = h.createQuery("select id from users where role = 'admin' and not disabled order by id for update")
                    .mapTo(UUID.class).list();
            Optional<User> user = h.createQuery("select " + COLUMNS + " from users where id = :id for update")
                    .bind("id", id).map(UserRepository::map).findOne();
            if (user.isEmpty()) {
                return Optional.<User>empty();
            }
            Update update = change.apply(user.get(), admins.size());
            return Optional.of(h.createQuery("update users set role = :role, disabled = :disabled, "
                            + "password_hash = coalesce(:hash, password_hash), updated_at = :now where id = :id returning " + COLUMNS)
                    .bind("id", id).bind("role", update.role().wire()).bind("disabled", update.disabled())
                    .bind("hash", update.passwordHash()).bind("now", Timestamp.from(now))
                    .map(UserRepository::map).one());
        });
    }

    /** A stronger hash of the same password, after a login with one made at a lower cost. */
    void rehash(UUID id, String passwordHash) {
        jdbi.useHandle(h -> h.createUpdate("update users set password_hash = :hash where id = :id")
                .bind("id", id).bind("hash", passwordHash).execute());
    }

    /** What a change leaves: the role, whether disabled, and a new password hash (null: unchanged). */
    record Update(Role role, boolean disabled, String passwordHash) {}

    /** Decides a change from the user as stored and the count of enabled admins; throws to refuse. */
    @FunctionalInterface
    interface Change {
        Update apply(User current, int enabledAdmins);
    }

    private static User map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new User(rs.getObject("id", UUID.class), rs.getString("username"), Role.parse(rs.getString("role")).orElseThrow(),
                rs.getBoolean("disabled"), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
