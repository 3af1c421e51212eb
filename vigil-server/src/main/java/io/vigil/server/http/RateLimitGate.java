package io.vigil.server.http;

import io.vigil.server.auth.Access;
import io.vigil.server.auth.Caller;
import io.vigil.server.limits.RateLimiter;
import io.vigil.server.limits.RouteGroup;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a request past its rate limit with 429 and {@code Retry-After}, from its head alone: no
 * body is read for it. Two of these sit in the path: one per client address in front of
 * {@link IdentityGate} (a flood of bad credentials is held before each is checked), one per caller
 * behind it (the caller is known there). An IPv6 client counts by its /64 network ({@link #addressKey}).
 * Which limit applies is the route's {@link RouteGroup}
 * ({@link #groupOf}); health probes have none, so a balancer's checks are never refused.
 */
final class RateLimitGate extends Handler.Wrapper {
    private static final Logger log = LoggerFactory.getLogger("vigil.http");

    /** Which side of the limits this gate counts. */
    enum Side { ADDRESS, CALLER }

    private static final String ADDRESS_KEY = "vigil.rateLimitAddress";

    private final RouteTemplates routes;
    private final RateLimiter limiter;
    private final Side side;
    private final HttpMeters meters;

    RateLimitGate(RouteTemplates routes, RateLimiter limiter, Side side, HttpMeters meters) {
        this.routes = routes;
        this.limiter = limiter;
        this.side = side;
        this.meters = meters;
    }

    /**
     * The group whose limits {@code route} counts against, or null for none: the open routes that
     * change something are the session routes (login), uploads are the routes declared
     * {@link Route#upload()}, predictions the routes that need {@link Access#PREDICT}; open probes
     * declared {@link Route#highVolume()} are not limited; anything else, and a path that is no route, is {@link RouteGroup#OTHER}.
     */
    static RouteGroup groupOf(Route route) {
        if (route == null) {
            return RouteGroup.OTHER;
        }
        if (route.access() == Access.PUBLIC) {
            return route.quietLog() ? null : route.method().name().equals("POST") ? RouteGroup.LOGIN : RouteGroup.OTHER;
        }
        if (route.uploadBody()) {
            return RouteGroup.UPLOADS;
        }
        return route.access() == Access.PREDICT ? RouteGroup.PREDICTIONS : RouteGroup.OTHER;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        RouteGroup group = groupOf(routes.matchOnce(request));
        if (group == null) {
            return super.handle(request, response, callback);
        }
        RateLimiter.Outcome outcome;
        String who;
        if (side == Side.ADDRESS) {
            who = addressKey(request);
            outcome = limiter.takeForAddress(group, who);
        } else {
            Caller caller = Callers.find(request).orElse(null);
            if (caller == null) { // an open route, or one no route matched: only its address counts
                return super.handle(request, response, callback);
            }
            who = caller.name();
            outcome = limiter.takeForCaller(group, caller.id());
        }
        if (outcome.allowed()) {
            return super.handle(request, response, callback);
        }
        refuse(request, response, callback, group, who, outcome);
        return true;
    }

    /**
     * The address a client's budget is kept under: an IPv4 address as it is, an IPv6 address by its
     * /64 network (one host is given a whole /64: counting its addresses one by one would hand it
     * 2^64 budgets).
     */
    static String addressKey(Request request) {
        // kept on the connection: its requests share one String, whose hash the bucket lookup then computes once
        ConnectionMetaData connection = request.getConnectionMetaData();
        if (connection.getAttribute(ADDRESS_KEY) instanceof String known) {
            return known;
        }
        String key = addressKeyOf(request);
        connection.setAttribute(ADDRESS_KEY, key);
        return key;
    }

    private static String addressKeyOf(Request request) {
        if (request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress socket
                && socket.getAddress() instanceof Inet6Address v6 && !v6.isLoopbackAddress()) {
            return network64(v6);
        }
        return Request.getRemoteAddr(request);
    }

    static String network64(Inet6Address address) {
        byte[] b = address.getAddress();
        StringBuilder key = new StringBuilder(24);
        for (int i = 0; i < 8; i += 2) {
            key.append(Integer.toHexString((b[i] & 0xff) << 8 | b[i + 1] & 0xff)).append(':');
        }
        return key.append(":/64").toString();
    }

    private void refuse(Request request, Response response, Callback callback, RouteGroup group, String who, RateLimiter.Outcome outcome) {
        meters.rateLimited(group, side);
        long seconds = outcome.retryAfterSeconds();
        String detail = "too many " + describe(group) + (side == Side.ADDRESS ? " from this address" : " by " + who)
                + ": at most " + outcome.limitPerMinute() + " a minute; try again in " + seconds + " s";
        (outcome.first() ? log.atInfo() : log.atDebug()).addKeyValue("group", group.wire())
                .addKeyValue(side == Side.ADDRESS ? "address" : "caller", who).addKeyValue("limitPerMinute", outcome.limitPerMinute())
                .addKeyValue("path", request.getHttpURI().getPath()).addKeyValue("retryAfterSeconds", seconds)
                .log(outcome.first() ? "rate limit reached" : "request over its rate limit");
        response.getHeaders().put(HttpHeader.RETRY_AFTER, seconds);
        boolean bodyUnread = request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        Problems.write(request, response, callback, new ApiException(429, "Too many requests", detail), bodyUnread);
    }

    private static String describe(RouteGroup group) {
        return switch (group) {
            case LOGIN -> "login requests";
            case UPLOADS -> "uploads";
            case PREDICTIONS -> "prediction requests";
            case OTHER -> "requests";
        };
    }
}
