package io.vigil.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Request;

/**
 * Routes matched by method and path before Javalin routes the request, as Javalin matches them:
 * {@code {name}} is any one non-empty segment, and a trailing slash is ignored. {@code HEAD} matches
 * a {@code GET} route.
 */
final class RouteTemplates {
    private record Template(Route route, String[] segments) {}

    // the route a request matched, kept on it so that the handlers after the first need not match again
    private static final String MATCHED = "vigil.route";

    /** What {@link #matchOnce} found, and which table it searched. */
    private record Matched(RouteTemplates table, Route route) {}

    // by method, each list in table order with the high-volume routes first: a request looks through its own method's routes only
    private final Map<String, List<Template>> templates;

    RouteTemplates(List<Route> routes) {
        this.templates = highVolumeFirst(routes).stream().collect(Collectors.groupingBy(r -> r.method().name(),
                Collectors.mapping(r -> new Template(r, segments(r.path())), Collectors.toList())));
    }

    /** The routes in table order, but the high-volume ones ({@link Route#highVolume()}: probes, predictions) first; their paths overlap no other's. */
    static List<Route> highVolumeFirst(List<Route> routes) {
        List<Route> ordered = new ArrayList<>(routes.stream().filter(Route::quietLog).toList());
        routes.stream().filter(r -> !r.quietLog()).forEach(ordered::add);
        return ordered;
    }

    boolean isEmpty() {
        return templates.isEmpty();
    }

    /** The route {@code request} is for, or null for none (Javalin then answers 404 or 405). */
    Route match(Request request) {
        if (templates.isEmpty()) {
            return null;
        }
        String path = request.getHttpURI().getCanonicalPath();
        if (path == null) {
            return null;
        }
        String method = request.getMethod().equals("HEAD") ? "GET" : request.getMethod();
        List<Template> candidates = templates.get(method);
        if (candidates == null) {
            return null;
        }
        String[] segments = segments(path);
        for (Template t : candidates) {
            if (matches(t.segments(), segments)) {
                return t.route();
            }
        }
        return null;
    }

    /**
     * The same as {@link #match}, matched once per request and kept on it: the handlers that share
     * this instance (the audit trail, the rate limits, the identity gate) pay for one match between them.
     */
    Route matchOnce(Request request) {
        if (request.getAttribute(MATCHED) instanceof Matched known && known.table() == this) {
            return known.route();
        }
        Route route = match(request);
        request.setAttribute(MATCHED, new Matched(this, route));
        return route;
    }

    /** The values of {@code route}'s path parameters in {@code request}'s path, by name: {@code {id}} as {@code id}. */
    static Map<String, String> parameters(Route route, Request request) {
        String path = request.getHttpURI().getCanonicalPath();
        String[] template = segments(route.path());
        String[] given = path == null ? new String[0] : segments(path);
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < template.length && i < given.length; i++) {
            if (template[i].startsWith("{") && template[i].endsWith("}")) {
                values.put(template[i].substring(1, template[i].length() - 1), given[i]);
            }
        }
        return values;
    }

    private static boolean matches(String[] template, String[] path) {
        if (template.length != path.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            boolean parameter = template[i].startsWith("{") && template[i].endsWith("}") && !path[i].isEmpty();
            if (!parameter && !template[i].equals(path[i])) {
                return false;
            }
        }
        return true;
    }

    private static String[] segments(String path) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return trimmed.split("/", -1);
    }
}
