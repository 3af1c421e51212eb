package io.vigil.server.http;

import io.vigil.server.core.VigilException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Cross-origin resource sharing, for the configured origins only: their preflights are answered
 * and their answers carry {@code Access-Control-Allow-Origin} with their own origin (never
 * {@code *}). Credentials travel in headers ({@code Authorization}, {@code X-API-Key}), never in
 * cookies, so {@code Access-Control-Allow-Credentials} is never sent. Every other origin gets no
 * CORS header: its scripts may send what a form could, which {@link Origins} checks, but read nothing.
 */
final class Cors {
    static final String SETTING = "server.corsOrigins (VIGIL_CORS_ORIGINS)";
    static final String METHODS = "GET, POST, PUT, PATCH, DELETE";
    static final String HEADERS = "Authorization, X-API-Key, Content-Type, X-Request-Id";
    private static final int MAX_AGE_SECONDS = 600;

    private static final HttpField VARY_ORIGIN = new PreEncodedHttpField(HttpHeader.VARY, "Origin");
    private static final HttpField VARY_PREFLIGHT = new PreEncodedHttpField(HttpHeader.VARY,
            "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    private static final HttpField ALLOW_METHODS = new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, METHODS);
    private static final HttpField ALLOW_HEADERS = new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, HEADERS);
    private static final HttpField MAX_AGE = new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_MAX_AGE, Integer.toString(MAX_AGE_SECONDS));
    // what a script may read of an answer besides the simple headers
    private static final HttpField EXPOSE = new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS,
            "Location, Retry-After, WWW-Authenticate, X-Request-Id, ETag, Content-Disposition");

    private final Set<String> origins = new HashSet<>();

    Cors(List<String> corsOrigins) {
        for (String origin : corsOrigins) {
            origins.add(Origins.canonical(origin));
        }
    }

    static boolean isPreflight(Request request, String origin) {
        return origin != null && request.getMethod().equals("OPTIONS")
                && request.getHeaders().contains(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD);
    }

    /** Answers a preflight: 204 with what the origin may send, or a 403 without any CORS header. */
    void answerPreflight(Request request, Response response, Callback callback, String origin) {
        String canonical = Origins.canonical(origin);
        if (canonical == null || !origins.contains(canonical)) {
            String shown = origin.length() > 200 ? origin.substring(0, 200) + "..." : origin;
            Problems.write(request, response, callback, ErrorMapper.problemOf(new VigilException(VigilException.Kind.FORBIDDEN, "scripts of the origin '" + shown
                    + "' may not call this API from a browser; if that page is yours, add its origin to " + SETTING)), false);
            return;
        }
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin.trim());
        headers.put(ALLOW_METHODS);
        headers.put(ALLOW_HEADERS);
        headers.put(MAX_AGE);
        headers.put(VARY_PREFLIGHT);
        headers.put(Problems.NO_SNIFF);
        response.setStatus(204);
        response.write(true, null, callback);
    }

    /** Marks an answer for {@code origin} (null: none was sent): readable by a configured origin, and varying by origin. */
    void decorate(HttpFields.Mutable headers, String origin) {
        if (origins.isEmpty()) {
            return; // nothing varies by origin
        }
        headers.add(VARY_ORIGIN);
        String canonical = origin == null ? null : Origins.canonical(origin);
        if (canonical != null && origins.contains(canonical)) {
            headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin.trim());
            headers.put(EXPOSE);
        }
    }
}
