package io.vigil.server.auth;

import io.vigil.server.core.Uuids;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refresh tokens, the {@code refresh_tokens} table: 256 random bits given to the client once,
 * stored as their SHA-256. Each one is used once: a refresh rotates it into a new one. A token used
 * a second time was copied, by the client or by a thief; then every session of its user ends.
 */
final class RefreshTokens {
    private static final Logger log = LoggerFactory.getLogger(RefreshTokens.class);

    /** A new refresh token: the secret for the client, and when it expires. */
    record Issued(String token, Instant expiresAt) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration ttl;

    RefreshTokens(Jdbi jdbi, Clock clock, Duration ttl) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.ttl = ttl;
    }

    Issued issue(UUID userId) {
        Instant now = clock.instant();
        String token = Secrets.randomToken();
        Instant expires = now.plus(ttl);
        jdbi.useTransaction(h -> {
            // the user's sessions that ended a day ago or more go: the table holds live sessions, not history
            h.createUpdate("delete from refresh_tokens where user_id = :user and expires_at < :dayAgo")
                    .bind("user", userId).bind("dayAgo", Timestamp.from(now.minus(Duration.ofDays(1)))).execute();
            h.createUpdate("insert into refresh_tokens (id, user_id, token_hash, expires_at, created_at) "
                            + "values (:id, :user, :hash, :expires, :now)")
                    .bind("id", Uuids.random()).bind("user", userId).bind("hash", Secrets.sha256(token))
                    .bind("expires", Timestamp.from(expires)).bind("now", Timestamp.from(now)).execute();
        });
        return new Issued(token, expires);
    }

    /**
     * Spends {@code token} and answers its user with a new token, in one transaction; empty if the
     * token is unknown, expired or spent. A spent token ends all of its user's sessions.
     */
    Optional<Rotated> rotate(String token) {
        Instant now = clock.instant();
        String next = Secrets.randomToken();
        Instant expires = now.plus(ttl);
        return jdbi.inTransaction(h -> {
            Optional<Row> found = h.createQuery("select id, user_id, expires_at, revoked_at from refresh_tokens "
                            + "where token_hash = :hash for update")
                    .bind("hash", Secrets.sha256(token))
                    .map((rs, ctx) -> new Row(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                            rs.getTimestamp("expires_at").toInstant(), rs.getTimestamp("revoked_at") != null))
                    .findOne();
            if (found.isEmpty() || !now.isBefore(found.get().expiresAt())) {
                return Optional.<Rotated>empty();
            }
            Row row = found.get();
            if (row.revoked()) {
                h.createUpdate("update refresh_tokens set revoked_at = :now where user_id = :user and revoked_at is null")
                        .bind("user", row.userId()).bind("now", Timestamp.from(now)).execute();
                log.atWarn().addKeyValue("userId", row.userId())
                        .log("a spent refresh token was used again: every session of its user is ended");
                return Optional.<Rotated>empty();
            }
            UUID nextId = Uuids.random();
            h.createUpdate("insert into refresh_tokens (id, user_id, token_hash, expires_at, created_at) "
                            + "values (:id, :user, :hash, :expires, :now)")
                    .bind("id", nextId).bind("user", row.userId()).bind("hash", Secrets.sha256(next))
                    .bind("expires", Timestamp.from(expires)).bind("now", Timestamp.from(now)).execute();
            h.createUpdate("update refresh_tokens set revoked_at = :now, replaced_by = :next where id = :id")
                    .bind("id", row.id()).bind("next", nextId).bind("now", Timestamp.from(now)).execute();
            return Optional.of(new Rotated(row.userId(), new Issued(next, expires)));
        });
    }

    /** Ends the session of {@code token}: the user whose session it was; empty for a token that is unknown or already ended. */
    Optional<UUID> revoke(String token) {
        return jdbi.withHandle(h -> h.createQuery("update refresh_tokens set revoked_at = :now where token_hash = :hash"
                        + " and revoked_at is null returning user_id")
                .bind("hash", Secrets.sha256(token)).bind("now", Timestamp.from(clock.instant())).mapTo(UUID.class).findOne());
    }

    /** Ends every session of a user (disabled, or its password reset). */
    void revokeAll(UUID userId) {
        jdbi.useHandle(h -> h.createUpdate("update refresh_tokens set revoked_at = :now where user_id = :user and revoked_at is null")
                .bind("user", userId).bind("now", Timestamp.from(clock.instant())).execute());
    }

    /** A refresh that worked: whose session it is, and its new token. */
    record Rotated(UUID userId, Issued next) {}

    private record Row(UUID id, UUID userId, Instant expiresAt, boolean revoked) {}
}
