package io.vigil.server.auth;

import io.javalin.http.Context;
import io.vigil.server.http.ApiException;
import io.vigil.server.http.AuditTrail;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Callers;
import io.vigil.server.http.Params;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** HTTP handlers of {@code /auth}: sessions, who am I, API keys and users. */
public final class AuthApi {
    private final Logins logins;
    private final Users users;
    private final ApiKeys keys;

    AuthApi(Logins logins, Users users, ApiKeys keys) {
        this.logins = logins;
        this.users = users;
        this.keys = keys;
    }

    /** {@code POST /auth/login}: 200 with tokens; 401 for a wrong name or password; 429 when throttled. */
    public void login(Context ctx) {
        LoginRequest r = Bodies.json(ctx, LoginRequest.class);
        AuditTrail.actor(ctx, r.username(), null); // the audit log records every attempt, under the name given
        try {
            session(ctx, logins.login(r.username(), r.password(), ctx.ip()));
        } catch (LoginThrottledException e) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            throw new ApiException(429, "Too many requests", e.getMessage());
        }
    }

    /** {@code POST /auth/refresh}: a new access token and a new refresh token for a refresh token (spent). */
    public void refresh(Context ctx) {
        session(ctx, logins.refresh(Bodies.json(ctx, RefreshRequest.class).refreshToken()));
    }

    /** {@code POST /auth/logout}: ends the session of a refresh token; 204. */
    public void logout(Context ctx) {
        logins.logout(Bodies.json(ctx, RefreshRequest.class).refreshToken())
                .ifPresent(user -> AuditTrail.actor(ctx, user.username(), user.role()));
        ctx.status(204);
    }

    /** {@code GET /auth/me}: who the caller is and what it may do. */
    public void me(Context ctx) {
        Caller caller = Callers.of(ctx);
        List<Permission> may = Permissions.of(caller.role()).stream().sorted()
                .map(a -> new Permission(a, a.meaning())).toList();
        ctx.json(new Me(caller.id(), caller.name(), caller.kind() == Caller.Kind.USER ? "user" : "api_key", caller.role(), may));
    }

    /** {@code POST /auth/keys}: 201 with the key, shown this once. */
    public void createKey(Context ctx) {
        KeyRequest r = Bodies.json(ctx, KeyRequest.class);
        ApiKeys.Created created = keys.create(r.name(), r.role(), r.expiresAt(), Callers.of(ctx));
        noStore(ctx).status(201).header("Location", "/auth/keys/" + created.details().id()).json(created);
    }

    /** {@code GET /auth/keys}: the keys, newest first; revoked ones with {@code includeRevoked=true}. */
    public void listKeys(Context ctx) {
        Params p = new Params(ctx);
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 50, 1, 500);
        boolean revoked = "true".equals(p.oneOf("includeRevoked", "false", Set.of("true", "false")));
        p.throwIfInvalid();
        ctx.json(keys.list(revoked, page, size));
    }

    /** {@code DELETE /auth/keys/{id}}: revokes the key at once; 204. */
    public void revokeKey(Context ctx) {
        keys.revoke(Params.pathId(ctx, "API key"), Callers.of(ctx));
        ctx.status(204);
    }

    /** {@code POST /auth/users}: 201 with the user. */
    public void createUser(Context ctx) {
        UserRequest r = Bodies.json(ctx, UserRequest.class);
        User user = users.create(r.username(), r.role(), r.password());
        ctx.status(201).header("Location", "/auth/users/" + user.id()).json(user);
    }

    public void listUsers(Context ctx) {
        Params p = new Params(ctx);
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 50, 1, 500);
        p.throwIfInvalid();
        ctx.json(users.list(page, size));
    }

    public void getUser(Context ctx) {
        ctx.json(users.get(userId(ctx)));
    }

    /** {@code PATCH /auth/users/{id}}: a new role, or disabled (or enabled again). */
    public void changeUser(Context ctx) {
        UUID id = userId(ctx);
        UserChange r = Bodies.json(ctx, UserChange.class);
        ctx.json(users.change(id, r.role(), r.disabled()));
    }

    /** {@code POST /auth/users/{id}/password}: an admin sets a new password; the user's sessions end. */
    public void resetPassword(Context ctx) {
        UUID id = userId(ctx);
        users.resetPassword(id, Bodies.json(ctx, PasswordRequest.class).password());
        ctx.status(204);
    }

    private static void session(Context ctx, Logins.Session s) {
        AuditTrail.actor(ctx, s.user().username(), s.user().role());
        noStore(ctx).json(new SessionAnswer(s.token(), "Bearer", s.expiresAt(), s.refreshToken(), s.refreshExpiresAt(),
                s.user().username(), s.user().role()));
    }

    /** Answers that carry a secret must not be kept by a cache or a browser. */
    private static Context noStore(Context ctx) {
        return ctx.header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }

    private static UUID userId(Context ctx) {
        return Params.pathId(ctx, "user");
    }

    /** {@code POST /auth/login}. */
    public record LoginRequest(String username, String password) {
        @Override
        public String toString() {
            return "LoginRequest[username=" + username + ", password=****]";
        }
    }

    /** {@code POST /auth/refresh} and {@code /auth/logout}. */
    public record RefreshRequest(String refreshToken) {
        @Override
        public String toString() {
            return "RefreshRequest[refreshToken=****]";
        }
    }

    /** The answer of a login or a refresh. */
    public record SessionAnswer(String token, String tokenType, Instant expiresAt, String refreshToken, Instant refreshExpiresAt,
                                String username, Role role) {
        @Override
        public String toString() {
            return "SessionAnswer[username=" + username + ", role=" + role + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** One thing a caller may do. */
    public record Permission(Access access, String meaning) {}

    /** {@code GET /auth/me}. */
    public record Me(UUID id, String name, String kind, Role role, List<Permission> may) {}

    /** {@code POST /auth/keys}. */
    public record KeyRequest(String name, String role, Instant expiresAt) {}

    /** {@code POST /auth/users}. */
    public record UserRequest(String username, String role, String password) {
        @Override
        public String toString() {
            return "UserRequest[username=" + username + ", role=" + role + ", password=****]";
        }
    }

    /** {@code PATCH /auth/users/{id}}: null leaves a field as it is. */
    public record UserChange(String role, Boolean disabled) {}

    /** {@code POST /auth/users/{id}/password}. */
    public record PasswordRequest(String password) {
        @Override
        public String toString() {
            return "PasswordRequest[password=****]";
        }
    }
}
