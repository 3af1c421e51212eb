package io.vigil.server.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * An API key as lists show it: its prefix names it, the key itself is shown once, when it is made.
 *
 * @param expiresAt null: valid until revoked
 * @param revokedAt null: not revoked
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApiKey(UUID id, String name, Role role, String prefix, String createdBy, Instant createdAt, Instant expiresAt,
                     Instant revokedAt) {
    /** Whether the key opens doors at {@code now}. */
    public boolean validAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
