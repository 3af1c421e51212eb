package io.vigil.server.fuzz;

import io.vigil.server.auth.Access;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The role matrix as an oracle for fuzzed requests. It finds the route a request addresses as it
 * was finally sent (after the damage: a changed method, path or target), and then, if that route
 * needs identity: a caller who may not call it (no identity, a forged credential, a role without
 * the route's access) is never answered below 400; when nothing but the body was damaged, nobody
 * and forged credentials get exactly 401 (with {@code WWW-Authenticate}) and a role below the
 * route's access exactly 403; and a caller who may call it is then never refused 401, nor 403 for
 * want of the route's own access (a handler may still ask more of some requests: a batch prediction
 * of a stored dataset needs the datasets' access, and its 403 says so).
 *
 * <p>The route is found leniently on purpose (any case, {@code .} and {@code ..} resolved, empty
 * segments dropped, escapes decoded, an absolute-form target's host ignored): whatever a server
 * might route to a protected route must still be refused to a caller without its access.
 */
final class AccessRules {
    private final List<FuzzTarget.RouteSpec> routes;

    AccessRules(List<FuzzTarget.RouteSpec> routes) {
        this.routes = List.copyOf(routes);
    }

    /**
     * What is wrong with answering {@code status} to {@code c}, or null if the role matrix allows it.
     *
     * @param detail the problem document's {@code detail}, if any
     */
    String check(FuzzCases.FuzzCase c, int status, String wwwAuthenticate, String detail) {
        FuzzTarget.RouteSpec route = addressed(c.method(), c.target());
        if (route == null || route.access() == Access.PUBLIC || status == 0) {
            return null;
        }
        boolean exact = c.plainHead() && route.equals(c.spec());
        if (!c.identity().may(route.access())) {
            if (status < 400) {
                return c.identity().label() + " answered " + status + " on a route that needs '" + route.access().wire() + "'";
            }
            int expected = c.identity().role() == null ? 401 : 403;
            if (exact && status != expected && status != 429) {
                return c.identity().label() + " answered " + status + ", not " + expected + ", on a route that needs '"
                        + route.access().wire() + "'";
            }
            if (exact && status == 401 && wwwAuthenticate == null) {
                return "401 without WWW-Authenticate";
            }
            return null;
        }
        boolean refusedTheRoute = status == 403 && detail != null && detail.contains("needs the right to " + route.access().meaning() + " (");
        if (exact && (status == 401 || refusedTheRoute)) {
            return c.identity().label() + " refused " + status + " on a route it may call ('" + route.access().wire() + "')";
        }
        return null;
    }

    /** The route {@code method} and {@code target} address, matched leniently; null for none. */
    FuzzTarget.RouteSpec addressed(String method, String target) {
        String wanted = method.toUpperCase(Locale.ROOT);
        wanted = wanted.equals("HEAD") ? "GET" : wanted;
        List<String> path = segments(target);
        if (path == null) {
            return null;
        }
        for (FuzzTarget.RouteSpec route : routes) {
            if (route.method().equals(wanted) && matches(segments(route.path()), path)) {
                return route;
            }
        }
        return null;
    }

    private static boolean matches(List<String> template, List<String> path) {
        if (template.size() != path.size()) {
            return false;
        }
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (!t.startsWith("{") && !t.equalsIgnoreCase(path.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The path's segments, normalized; null if the target has no path or climbs above the root. */
    static List<String> segments(String target) {
        String t = target;
        int scheme = t.indexOf("://");
        if (scheme > 0 && scheme < 8) {
            int slash = t.indexOf('/', scheme + 3);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        for (char end : new char[] {'?', '#'}) {
            int at = t.indexOf(end);
            t = at < 0 ? t : t.substring(0, at);
        }
        if (!t.startsWith("/")) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        for (String raw : t.split("/")) {
            String s = decoded(raw);
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (segments.isEmpty()) {
                    return null;
                }
                segments.remove(segments.size() - 1);
            } else {
                segments.add(s);
            }
        }
        return segments;
    }

    private static String decoded(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
