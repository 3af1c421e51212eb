package io.vigil.server.limits;

import java.util.Locale;

/**
 * The groups of routes that have rate limits of their own, so that a burst in one (a script
 * uploading datasets) does not spend another's budget (the SOC pipeline's predictions).
 */
public enum RouteGroup {
    /** Logging in, refreshing and ending sessions: the routes open to anyone. */
    LOGIN,
    /** Dataset uploads: the largest bodies. */
    UPLOADS,
    /** Scoring: the prediction routes of every protocol. */
    PREDICTIONS,
    /** Everything else a caller can ask, and requests for no route at all. */
    OTHER;

    /** The name in settings and messages: {@code login}, {@code uploads}, ... */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
