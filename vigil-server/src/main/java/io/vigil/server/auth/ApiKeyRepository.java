package io.vigil.server.auth;

import io.vigil.server.core.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code api_keys} table. Every statement on it is here. */
final class ApiKeyRepository {
    private static final String COLUMNS = "id, name, role, prefix, created_by, created_at, expires_at, revoked_at";

    private final Jdbi jdbi;

    ApiKeyRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void insert(ApiKey key, String keyHash) {
        jdbi.useHandle(h -> h.createUpdate("insert into api_keys (id, name, role, prefix, key_hash, created_by, created_at, expires_at) "
                        + "values (:id, :name, :role, :prefix, :hash, :createdBy, :createdAt, :expiresAt)")
                .bind("id", key.id()).bind("name", key.name()).bind("role", key.role().wire()).bind("prefix", key.prefix())
                .bind("hash", keyHash).bind("createdBy", key.createdBy()).bind("createdAt", Timestamp.from(key.createdAt()))
                .bind("expiresAt", key.expiresAt() == null ? null : Timestamp.from(key.expiresAt()))
                .execute());
    }

    Optional<ApiKey> findByHash(String keyHash) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from api_keys where key_hash = :hash")
                .bind("hash", keyHash).map(ApiKeyRepository::map).findOne());
    }

    Page<ApiKey> list(boolean includeRevoked, int page, int size) {
        String where = includeRevoked ? "" : " where revoked_at is null";
        return jdbi.withHandle(h -> {
            long total = h.createQuery("select count(*) from api_keys" + where).mapTo(Long.class).one();
            List<ApiKey> items = h.createQuery("select " + COLUMNS + " from api_keys" + where
                            + " order by created_at desc, id limit :limit offset :offset")
                    .bind("limit", size).bind("offset", (long) (page - 1) * size)
                    .map(ApiKeyRepository::map).list();
            return Page.of(items, page, size, total);
        });
    }

    /** Revokes the key (once: a second revocation keeps the first time); answers it with its hash, empty if there is none. */
    Optional<Revoked> revoke(UUID id, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("update api_keys set revoked_at = coalesce(revoked_at, :now) where id = :id "
                        + "returning " + COLUMNS + ", key_hash")
                .bind("id", id).bind("now", Timestamp.from(now))
                .map((rs, ctx) -> new Revoked(map(rs, ctx), rs.getString("key_hash"))).findOne());
    }

    record Revoked(ApiKey key, String keyHash) {}

    private static ApiKey map(ResultSet rs, StatementContext ctx) throws SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new ApiKey(rs.getObject("id", UUID.class), rs.getString("name"), Role.parse(rs.getString("role")).orElseThrow(),
                rs.getString("prefix"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                expires == null ? null : expires.toInstant(), revoked == null ? null : revoked.toInstant());
    }
}
