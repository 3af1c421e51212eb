package io.vigil.server.http;

import java.util.List;
import org.eclipse.jetty.server.Request;

/**
 * The routes declared {@link Route#upload()}, matched before Javalin routes the request (their
 * bodies may be as large as an upload). Paths match like Javalin's: {@code {name}} is any one
 * segment, and a trailing slash is ignored.
 */
final class UploadRoutes {
    private record Template(String method, String[] segments) {}

    private final List<Template> templates;

    UploadRoutes(List<Route> routes) {
        this.templates = routes.stream().filter(Route::uploadBody)
                .map(r -> new Template(r.method().name(), segments(r.path()))).toList();
    }

    boolean matches(Request request) {
        if (templates.isEmpty()) {
            return false;
        }
        String path = request.getHttpURI().getCanonicalPath();
        if (path == null) {
            return false;
        }
        String[] segments = segments(path);
        for (Template t : templates) {
            if (t.method().equals(request.getMethod()) && matches(t.segments(), segments)) {
                return true;
            }
        }
        return false;
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
