package io.vigil.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.server.limits.RouteGroup;
import java.time.Duration;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP layer's meters: every request's latency by method, route template and status
 * ({@code vigil_http_requests_seconds}, a histogram), the requests the rate limits refused
 * ({@code vigil_rate_limit_refusals_total}) and those refused for want of identity or role
 * ({@code vigil_auth_refusals_total}). Labels are bounded: a route is its template
 * ({@code /ml/models/{id}}), a path that is no route is {@code unmatched}, a method outside the
 * usual ones is {@code other}.
 *
 * <p>Cheap on the prediction path: each route's timers are found through an identity map built
 * once, then by status in a short array; a timer is registered the first time its status is seen,
 * and no tags are built or looked up per request after that.
 */
public final class HttpMeters {
    /** No meters: nothing is measured and no handler is installed. */
    public static final HttpMeters NONE = new HttpMeters(null);

    static final String REQUESTS = "vigil.http.requests";
    static final String UNMATCHED = "unmatched";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** Bucket bounds: from a probe's fraction of a millisecond to an upload's minute. */
    private static final Duration[] BUCKETS = millis(0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000,
            30_000, 60_000);

    /** No credential was sent. */
    static final String AUTH_MISSING = "missing";
    /** A credential was sent and is not valid (unknown, expired, revoked, malformed). */
    static final String AUTH_INVALID = "invalid";
    /** The caller is known and lacks the route's access. */
    static final String AUTH_FORBIDDEN = "forbidden";
    /** The credential could not be checked (the database did not answer). */
    static final String AUTH_UNAVAILABLE = "unavailable";

    private final MeterRegistry registry;
    private final Map<RouteGroup, Counter> rateLimitedByAddress = new EnumMap<>(RouteGroup.class);
    private final Map<RouteGroup, Counter> rateLimitedByCaller = new EnumMap<>(RouteGroup.class);
    private final Map<String, Counter> authRefusals;

    /** Meters registered in {@code registry}. */
    public HttpMeters(MeterRegistry registry) {
        this.registry = registry;
        if (registry == null) {
            this.authRefusals = Map.of();
            return;
        }
        for (RouteGroup group : RouteGroup.values()) { // registered at 0, so a dashboard sees the series before a refusal
            rateLimitedByAddress.put(group, refusals(group, "address"));
            rateLimitedByCaller.put(group, refusals(group, "caller"));
        }
        Map<String, Counter> auth = new java.util.HashMap<>();
        for (String reason : List.of(AUTH_MISSING, AUTH_INVALID, AUTH_FORBIDDEN, AUTH_UNAVAILABLE)) {
            auth.put(reason, Counter.builder("vigil.auth.refusals").description("Requests refused before their handler for want of identity or role")
                    .tag("reason", reason).register(registry));
        }
        this.authRefusals = Map.copyOf(auth);
    }

    boolean enabled() {
        return registry != null;
    }

    void rateLimited(RouteGroup group, RateLimitGate.Side side) {
        if (registry != null) {
            (side == RateLimitGate.Side.ADDRESS ? rateLimitedByAddress : rateLimitedByCaller).get(group).increment();
        }
    }

    void authRefused(String reason) {
        Counter counter = authRefusals.get(reason);
        if (counter != null) {
            counter.increment();
        }
    }

    /** The timers of every route of {@code routes}, and of the requests for none. */
    RouteTimers timers(List<Route> routes) {
        return new RouteTimers(routes);
    }

    private Counter refusals(RouteGroup group, String side) {
        return Counter.builder("vigil.rate.limit.refusals").description("Requests refused 429 by the rate limits")
                .tags("group", group.wire(), "side", side).register(registry);
    }

    /** Each route's timers, found by the route itself (identity), then by method and status. */
    final class RouteTimers {
        private final Map<Route, ByStatus[]> byRoute = new IdentityHashMap<>();
        private final Map<String, ByStatus> unmatched;

        private RouteTimers(List<Route> routes) {
            for (Route route : routes) {
                String method = route.method().name();
                // a GET route also answers HEAD
                byRoute.put(route, method.equals("GET")
                        ? new ByStatus[] {new ByStatus(method, route.path()), new ByStatus("HEAD", route.path())}
                        : new ByStatus[] {new ByStatus(method, route.path())});
            }
            Map<String, ByStatus> none = new java.util.HashMap<>();
            for (String method : METHODS) {
                none.put(method, new ByStatus(method, UNMATCHED));
            }
            none.put("other", new ByStatus("other", UNMATCHED));
            this.unmatched = Map.copyOf(none);
        }

        /** The timer of a request for {@code route} (null: none matched) with {@code method}, answered {@code status}. */
        Timer timer(Route route, String method, int status) {
            ByStatus[] timers = route == null ? null : byRoute.get(route);
            if (timers == null) {
                ByStatus known = unmatched.get(method);
                return (known != null ? known : unmatched.get("other")).timer(status);
            }
            return (timers.length > 1 && method.equals("HEAD") ? timers[1] : timers[0]).timer(status);
        }
    }

    /**
     * The timers of one method and route by status: a short array searched in order, copied when a
     * status is seen for the first time (rare), so the request path reads it without a lock.
     */
    private final class ByStatus {
        private final String method;
        private final String route;
        private volatile Entry[] entries = new Entry[0];

        private record Entry(int status, Timer timer) {}

        ByStatus(String method, String route) {
            this.method = method;
            this.route = route;
        }

        Timer timer(int status) {
            for (Entry e : entries) {
                if (e.status() == status) {
                    return e.timer();
                }
            }
            return add(status);
        }

        private synchronized Timer add(int status) {
            for (Entry e : entries) {
                if (e.status() == status) {
                    return e.timer();
                }
            }
            Timer timer = Timer.builder(REQUESTS).description("HTTP requests by method, route template and status")
                    .tags("method", method, "route", route, "status", Integer.toString(status))
                    .serviceLevelObjectives(BUCKETS).register(registry);
            Entry[] grown = java.util.Arrays.copyOf(entries, entries.length + 1);
            grown[entries.length] = new Entry(status, timer);
            entries = grown;
            return timer;
        }
    }

    private static Duration[] millis(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(Math.round(values[i] * 1_000_000));
        }
        return out;
    }
}
