package io.vigil.server.auth;

import java.io.PrintStream;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * Identity wired: users, sessions, API keys and the {@link Authenticator} the HTTP layer asks.
 * {@link #start} creates the first admin on a database without users.
 */
public final class Auth {
    private final Users users;
    private final Logins logins;
    private final ApiKeys keys;
    private final Authenticator authenticator;

    private Auth(Users users, Logins logins, ApiKeys keys, Authenticator authenticator) {
        this.users = users;
        this.logins = logins;
        this.keys = keys;
        this.authenticator = authenticator;
    }

    /**
     * Sets identity up on {@code jdbi}'s database.
     *
     * @param console where a generated first-admin password is printed, once (the process's standard output)
     */
    public static Auth start(AuthSettings settings, Jdbi jdbi, Clock clock, PrintStream console) {
        PasswordHasher hasher = new PasswordHasher();
        UserRepository userRepository = new UserRepository(jdbi);
        RefreshTokens refreshTokens = new RefreshTokens(jdbi, clock, settings.refreshTtl());
        AccessTokens tokens = new AccessTokens(TokenKeys.from(settings, jdbi, clock), settings, clock);
        ApiKeys keys = new ApiKeys(new ApiKeyRepository(jdbi), clock, settings.cacheTtl());
        Authenticator authenticator = new Authenticator(tokens, keys, userRepository::find, settings.cacheTtl());
        Users users = new Users(userRepository, hasher, refreshTokens, clock, authenticator::forget);
        users.ensureFirstAdmin(settings.adminPassword(), console);
        Logins logins = new Logins(userRepository, hasher, tokens, refreshTokens,
                new LoginThrottle(jdbi, settings.loginMaxFailures(), settings.loginLockout(), clock));
        return new Auth(users, logins, keys, authenticator);
    }

    ApiKeys keys() {
        return keys;
    }

    Logins logins() {
        return logins;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    /** The handlers of {@code /auth/*}. */
    public AuthApi api() {
        return new AuthApi(logins, users, keys);
    }
}
