package io.vigil.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.Page;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.core.Uuids;
import io.vigil.server.core.VigilException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys for machines: {@value #PREFIX} and 256 random bits, shown once when made, stored as
 * their SHA-256 with their first characters (the prefix) to name them in lists and logs.
 *
 * <p>Checking a key must not slow predictions, so a key looked up is trusted for the cache's time
 * ({@code auth.cacheSeconds}, 5 s by default) without asking the database. That time bounds how
 * long a revocation takes on another instance; on the instance that revoked it, the key's entry
 * goes at once, so the next request with it is refused there.
 */
public final class ApiKeys {
    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    /** What every key starts with: a key is recognisable in a leaked file or a secret scanner. */
    public static final String PREFIX = "vgl_";
    /** The characters of a key shown in lists and logs: the marker and 8 of its random characters. */
    static final int SHOWN = PREFIX.length() + 8;
    private static final int KEY_LENGTH = PREFIX.length() + 43;

    private final ApiKeyRepository repository;
    private final Clock clock;
    private final Cache<String, Optional<ApiKey>> verified;

    ApiKeys(ApiKeyRepository repository, Clock clock, Duration cacheTtl) {
        this.repository = repository;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(50_000).build();
    }

    /** A key just made: the secret, shown this once, and the key as lists show it. */
    public record Created(String key, @com.fasterxml.jackson.annotation.JsonUnwrapped ApiKey details) {
        @Override
        public String toString() {
            return "Created[" + details + "]"; // never the key
        }
    }

    public Created create(String name, String roleName, Instant expiresAt, Caller creator) {
        FieldErrors errors = new FieldErrors();
        if (errors.required("name", name, "is required: what the key is for, e.g. 'zeek-sensor-3'")) {
            errors.name("name", name, RequestLimits.NAME_LENGTH);
        }
        Role role = errors.required("role", roleName, "is required: one of " + Role.names()) ? Role.read(errors, "role", roleName) : null;
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            errors.add("expiresAt", "must be in the future");
        }
        errors.throwIfAny();
        String key = PREFIX + Secrets.randomToken();
        ApiKey details = new ApiKey(Uuids.random(), name, role, key.substring(0, SHOWN), creator.name(), now, expiresAt, null);
        repository.insert(details, Secrets.sha256(key));
        log.atInfo().addKeyValue("key", details.prefix()).addKeyValue("name", name).addKeyValue("role", role.wire())
                .addKeyValue("by", creator.name()).log("API key created");
        return new Created(key, details);
    }

    public Page<ApiKey> list(boolean includeRevoked, int page, int size) {
        return repository.list(includeRevoked, page, size);
    }

    /** Revokes a key: refused here from now on, on other instances within the cache's time. */
    public ApiKey revoke(UUID id, Caller by) {
        ApiKeyRepository.Revoked revoked = repository.revoke(id, clock.instant())
                .orElseThrow(() -> VigilException.notFound("no API key with id " + id));
        verified.invalidate(revoked.keyHash());
        log.atInfo().addKeyValue("key", revoked.key().prefix()).addKeyValue("by", by.name()).log("API key revoked");
        return revoked.key();
    }

    /** Whether {@code credential} looks like a key rather than an access token. */
    static boolean looksLikeKey(String credential) {
        return credential.startsWith(PREFIX);
    }

    /** The caller a valid key stands for; 401 for a key unknown, revoked or expired. */
    Caller verify(String key) {
        Optional<ApiKey> found = key.length() == KEY_LENGTH ? verified.get(Secrets.sha256(key), repository::findByHash) : Optional.empty();
        if (found.isEmpty() || !found.get().validAt(clock.instant())) {
            throw new VigilException(VigilException.Kind.UNAUTHENTICATED, "the API key is not valid (unknown, revoked or expired)");
        }
        return Caller.key(found.get());
    }
}
