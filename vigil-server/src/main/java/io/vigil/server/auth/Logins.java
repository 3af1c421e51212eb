package io.vigil.server.auth;

import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.VigilException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions: logging in, refreshing, logging out. {@link #login} is the one place a login succeeds
 * or fails ({@link #outcome}). A failure never says whether the user exists: an unknown name costs
 * the same password hash as a wrong password, and the answer is the same. Repeated failures for a
 * name or from an address are throttled ({@link LoginThrottle}).
 */
public final class Logins {
    private static final Logger log = LoggerFactory.getLogger(Logins.class);
    private static final String WRONG = "wrong username or password";
    private static final int MAX_USERNAME = 200;

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AccessTokens tokens;
    private final RefreshTokens refreshTokens;
    private final LoginThrottle throttle;
    // checked when the name is unknown, so that an unknown name takes as long as a wrong password
    private final String decoyHash;

    Logins(UserRepository users, PasswordHasher hasher, AccessTokens tokens, RefreshTokens refreshTokens, LoginThrottle throttle) {
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.refreshTokens = refreshTokens;
        this.throttle = throttle;
        this.decoyHash = hasher.hash(Secrets.randomToken());
    }

    /** What a login or a refresh gives: an access token, a refresh token, and who they are for. */
    public record Session(String token, Instant expiresAt, String refreshToken, Instant refreshExpiresAt, User user) {}

    /**
     * Checks a password and opens a session. 401 for a wrong name or password (or a disabled user),
     * the same answer every time; {@link LoginThrottledException} when the name or the address has
     * failed too often.
     *
     * @param address the client's address, for throttling
     */
    public Session login(String username, String password, String address) {
        FieldErrors errors = new FieldErrors();
        if (errors.required("username", username, "is required")) {
            errors.name("username", username, MAX_USERNAME);
        }
        if (errors.required("password", password, "is required") && password.length() > Users.MAX_PASSWORD) {
            errors.add("password", "at most " + Users.MAX_PASSWORD + " characters");
        }
        errors.throwIfAny();
        Duration wait = throttle.waitFor(username, address);
        if (!wait.isZero()) {
            outcome(username, address, false, "throttled");
            throw new LoginThrottledException(wait);
        }
        Optional<UserRepository.Stored> stored = users.findByName(username);
        boolean matches = hasher.verify(password, stored.map(UserRepository.Stored::passwordHash).orElse(decoyHash));
        if (stored.isEmpty() || !matches || stored.get().user().disabled()) {
            throttle.failed(username, address);
            outcome(username, address, false, stored.isEmpty() ? "unknown user" : !matches ? "wrong password" : "user disabled");
            throw new VigilException(VigilException.Kind.UNAUTHENTICATED, WRONG);
        }
        User user = stored.get().user();
        if (hasher.needsRehash(stored.get().passwordHash())) {
            users.rehash(user.id(), hasher.hash(password));
        }
        throttle.succeeded(username);
        outcome(user.username(), address, true, null);
        return open(user, refreshTokens.issue(user.id()));
    }

    /** A new access token for a refresh token, which is spent: the answer carries its successor. */
    public Session refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank() || refreshToken.length() > 200) {
            throw VigilException.invalid("refreshToken", "is required: the refreshToken of the last login or refresh");
        }
        RefreshTokens.Rotated rotated = refreshTokens.rotate(refreshToken).orElseThrow(() -> new VigilException(
                VigilException.Kind.UNAUTHENTICATED, "the refresh token is not valid (unknown, expired, or used already): log in again"));
        User user = users.find(rotated.userId()).filter(u -> !u.disabled()).orElseThrow(() -> {
            refreshTokens.revokeAll(rotated.userId());
            return new VigilException(VigilException.Kind.UNAUTHENTICATED, "the refresh token is not valid: log in again");
        });
        return open(user, rotated.next());
    }

    /**
     * Ends the session of a refresh token; an unknown or ended one is no error (logging out twice is fine).
     * Answers the user whose session ended, if one did (for the audit log).
     */
    public Optional<User> logout(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank() || refreshToken.length() > 200) {
            throw VigilException.invalid("refreshToken", "is required: the refreshToken of the session to end");
        }
        return refreshTokens.revoke(refreshToken).flatMap(users::find);
    }

    private Session open(User user, RefreshTokens.Issued refresh) {
        AccessTokens.Issued access = tokens.issue(user);
        return new Session(access.token(), access.expiresAt(), refresh.token(), refresh.expiresAt(), user);
    }

    /**
     * Where every login attempt ends, in success or failure: one log line (never the password).
     * The audit log records each attempt from its request ({@code AuthApi} names the user to it).
     */
    private static void outcome(String username, String address, boolean succeeded, String why) {
        String name = username.length() > 64 ? username.substring(0, 64) + "..." : username;
        (succeeded ? log.atInfo() : log.atWarn()).addKeyValue("username", name.replaceAll("\\p{Cntrl}", "?"))
                .addKeyValue("address", address).addKeyValue("result", succeeded ? "success" : "failure")
                .addKeyValue("reason", why).log(succeeded ? "login" : "login failed");
    }
}
