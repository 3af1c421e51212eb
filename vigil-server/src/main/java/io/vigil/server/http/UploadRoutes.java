package io.vigil.server.http;

import java.util.List;
import org.eclipse.jetty.server.Request;

/**
 * The routes declared {@link Route#upload()}, matched before Javalin routes the request (their
 * bodies may be as large as an upload).
 */
final class UploadRoutes {
    private final RouteTemplates uploads;

    UploadRoutes(List<Route> routes) {
        this.uploads = new RouteTemplates(routes.stream().filter(Route::uploadBody).toList());
    }

    boolean matches(Request request) {
        return !uploads.isEmpty() && uploads.match(request) != null;
    }
}
