package io.vigil.server.http;

import io.vigil.server.core.VigilException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.server.Request;

/**
 * Which web pages may change data through a browser: the {@code Origin} a browser puts on every
 * request that changes something (POST, PUT, PATCH, DELETE) and on every WebSocket upgrade is
 * checked against the server's own origin (the scheme, name and port the request was addressed
 * to, when {@link HostNames} knows the name) and the configured origins. A request without
 * {@code Origin} comes from no browser (curl, the CLI, a SOC pipeline) and is not the browser's
 * business; {@code Origin: null} (a sandboxed frame, a local file) is refused.
 */
final class Origins {
    static final String SETTING = "server.allowedOrigins (VIGIL_ALLOWED_ORIGINS)";
    private static final int SHOWN = 200;

    private final Set<String> allowed = new HashSet<>();
    private final HostNames hosts;

    Origins(List<String> allowedOrigins, List<String> corsOrigins, HostNames hosts) {
        this.hosts = hosts;
        for (String origin : allowedOrigins) {
            allowed.add(canonicalOrThrow(origin));
        }
        for (String origin : corsOrigins) {
            allowed.add(canonicalOrThrow(origin));
        }
    }

    /** Whether a request must carry an acceptable Origin, if it carries one: it changes data, or opens a WebSocket. */
    static boolean guards(Request request) {
        return switch (request.getMethod()) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> isWebSocketUpgrade(request);
        };
    }

    /** Null when a request from {@code origin} may go on, else the 403 that answers it. */
    ApiException refusal(Request request, String origin) {
        if (origin.trim().equals("null")) {
            return ErrorMapper.problemOf(new VigilException(VigilException.Kind.FORBIDDEN, "a page with an opaque origin (Origin: null: a sandboxed frame, "
                    + "a local file, a redirect across origins) may not change anything here nor open a WebSocket; "
                    + "open the page from a web origin listed in " + SETTING));
        }
        String canonical = canonical(origin);
        if (canonical != null && (allowed.contains(canonical) || canonical.equals(own(request)))) {
            return null;
        }
        String shown = origin.length() > SHOWN ? origin.substring(0, SHOWN) + "..." : origin;
        String own = own(request);
        return ErrorMapper.problemOf(new VigilException(VigilException.Kind.FORBIDDEN, "a page from the origin '" + shown + "' may not change anything here"
                + " nor open a WebSocket: from a browser, requests that change data (POST, PUT, PATCH, DELETE) and WebSocket"
                + " connections are taken from " + (own == null ? "" : "Vigil's own origin (" + own + ") and from ")
                + "the origins in " + SETTING + "; if that page is yours, add its origin there"));
    }

    /** The origin the request was addressed to, or null when it was addressed by a name the server does not know. */
    private String own(Request request) {
        String host = Request.getServerName(request);
        if (host == null || !hosts.isKnown(host)) {
            return null;
        }
        String scheme = request.isSecure() ? "https" : "http";
        return canonical(scheme + "://" + host + ":" + Request.getServerPort(request));
    }

    /** {@code scheme://host[:port]} in lower case, the scheme's default port left out; null when it is no web origin. */
    static String canonical(String origin) {
        try {
            URI uri = new URI(origin.trim());
            if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
                    || uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return null;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int defaultPort = scheme.equals("http") ? 80 : scheme.equals("https") ? 443 : -1;
            int port = uri.getPort();
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port == -1 || port == defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String canonicalOrThrow(String origin) {
        String canonical = canonical(origin);
        if (canonical == null) {
            throw new IllegalArgumentException("not a web origin: " + origin);
        }
        return canonical;
    }

    static boolean isWebSocketUpgrade(Request request) {
        String upgrade = request.getHeaders().get(org.eclipse.jetty.http.HttpHeader.UPGRADE);
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }
}
