package io.vigil.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vigil.server.core.VigilException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a credential into a {@link Caller}: an API key ({@link ApiKeys}), or an access token
 * ({@link AccessTokens}) whose user is then looked up. The user's role and state are read from the
 * user, not the token, and trusted for the cache's time: a user disabled or given another role is
 * seen within it on every instance, and at once on the instance that changed it.
 */
public final class Authenticator implements Identities {
    private final AccessTokens tokens;
    private final ApiKeys keys;
    private final Cache<UUID, Optional<User>> users;
    private final java.util.function.Function<UUID, Optional<User>> findUser;

    Authenticator(AccessTokens tokens, ApiKeys keys, java.util.function.Function<UUID, Optional<User>> findUser, Duration cacheTtl) {
        this.tokens = tokens;
        this.keys = keys;
        this.findUser = findUser;
        this.users = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(10_000).build();
    }

    @Override
    public Caller identify(String credential) {
        if (ApiKeys.looksLikeKey(credential)) {
            return keys.verify(credential);
        }
        UUID userId = tokens.verify(credential);
        User user = users.get(userId, findUser).filter(u -> !u.disabled()).orElseThrow(() -> new VigilException(
                VigilException.Kind.UNAUTHENTICATED, "the access token is not valid: its user is disabled or gone"));
        return Caller.user(user);
    }

    /** A user changed on this instance: its next request reads it again. */
    void forget(UUID userId) {
        users.invalidate(userId);
    }
}
