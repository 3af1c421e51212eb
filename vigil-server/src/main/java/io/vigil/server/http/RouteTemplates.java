package io.vigil.server.http;

import java.util.List;
import org.eclipse.jetty.server.Request;

/**
 * Routes matched by method and path before Javalin routes the request, as Javalin matches them:
 * {@code {name}} is any one non-empty segment, and a trailing slash is ignored. {@code HEAD} matches
 * a {@code GET} route.
 */
final class RouteTemplates {
    private record Template(Route route, String method, String[] segments) {}

    private final List<Template> templates;

    RouteTemplates(List<Route> routes) {
        this.templates = routes.stream().map(r -> new Template(r, r.method().name(), segments(r.path()))).toList();
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
        String[] segments = segments(path);
        for (Template t : templates) {
            if (t.method().equals(method) && matches(t.segments(), segments)) {
                return t.route();
            }
        }
        return null;
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
