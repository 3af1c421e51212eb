package io.vigil.server.auth;

import java.util.UUID;

/**
 * Who sent a request, as the domain sees it: a user who logged in, or an API key. The HTTP layer
 * identifies the caller; services get this plain value, never a request.
 *
 * @param id   the user's or the key's id
 * @param name the username, or {@code key:<prefix>} for a key: what {@code createdBy} fields record
 *             and logs name (a key's prefix identifies it without revealing it)
 * @param kind how the caller proved who it is
 */
public record Caller(UUID id, String name, Role role, Kind kind) {
    /** How the caller proved who it is. */
    public enum Kind {
        /** A user, with an access token from {@code POST /auth/login}. */
        USER,
        /** An API key. */
        API_KEY,
        /** Vigil itself, acting on its own (a scheduled retraining, a promotion it decided); never a request's caller. */
        SYSTEM
    }

    /** Vigil itself: what it does on its own is recorded as done by {@code vigil}. */
    public static final Caller VIGIL = new Caller(new UUID(0, 0), "vigil", Role.ADMIN, Kind.SYSTEM);

    public Caller {
        if (id == null || name == null || role == null || kind == null) {
            throw new IllegalArgumentException("a caller has an id, a name, a role and a kind");
        }
    }

    /** Whether this caller may do what {@code access} names. */
    public boolean may(Access access) {
        return Permissions.allows(role, access);
    }

    static Caller user(User user) {
        return new Caller(user.id(), user.username(), user.role(), Kind.USER);
    }

    static Caller key(ApiKey key) {
        return new Caller(key.id(), "key:" + key.prefix(), key.role(), Kind.API_KEY);
    }
}
