package io.vigil.server.auth;

import java.time.Duration;

/** Too many failed logins for one name or from one address: try again after {@link #retryAfter()}. */
public final class LoginThrottledException extends RuntimeException {
    private final Duration retryAfter;

    LoginThrottledException(Duration retryAfter) {
        super("too many failed logins for this user or from this address: try again in " + seconds(retryAfter) + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds, rounded up, at least 1: what Retry-After says. */
    public long retryAfterSeconds() {
        return seconds(retryAfter);
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
