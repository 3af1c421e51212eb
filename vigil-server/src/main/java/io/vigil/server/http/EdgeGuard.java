package io.vigil.server.http;

import io.vigil.server.core.VigilException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost handler: what is checked from a request's head alone, before its body is read
 * ({@link BodyReader}) or Javalin routes it. In order: the {@code Host} it was addressed to
 * ({@link HostNames}: 421), the length of its URI (414), its query's escapes ({@link QueryEscapes}:
 * 400) and the number of its query parameters (400), a CORS preflight ({@link Cors}: answered
 * here), the {@code Origin} of a request that changes data or opens a WebSocket ({@link Origins}:
 * 403). Then the CORS headers of the answer are set and the request goes on.
 */
final class EdgeGuard extends Handler.Wrapper {
    private static final Logger log = LoggerFactory.getLogger("vigil.http");

    private final EdgeSettings settings;
    private final HostNames hosts;
    private final Origins origins;
    private final Cors cors;

    EdgeGuard(EdgeSettings settings, String boundHost) {
        this.settings = settings;
        this.hosts = new HostNames(boundHost, settings.allowedHosts());
        this.origins = new Origins(settings.allowedOrigins(), settings.corsOrigins(), hosts);
        this.cors = new Cors(settings.corsOrigins());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        ApiException refusal = headRefusal(request);
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (refusal == null && Cors.isPreflight(request, origin)) {
            cors.answerPreflight(request, response, callback, origin);
            return true;
        }
        if (refusal == null && origin != null && Origins.guards(request)) {
            refusal = origins.refusal(request, origin);
        }
        if (refusal != null) {
            log.atInfo().addKeyValue("method", request.getMethod()).addKeyValue("path", request.getHttpURI().getPath())
                    .addKeyValue("status", refusal.status()).addKeyValue("reason", refusal.detail()).log("request refused before routing");
            Problems.write(request, response, callback, refusal, hasBody(request));
            return true;
        }
        cors.decorate(response.getHeaders(), origin);
        return super.handle(request, response, callback);
    }

    /** What is wrong with the request line and Host, or null. */
    private ApiException headRefusal(Request request) {
        HttpURI uri = request.getHttpURI();
        if (hosts.enforced() && uri.hasAuthority() && !hosts.isKnown(uri.getHost())) {
            String host = uri.getHost().length() > 200 ? uri.getHost().substring(0, 200) + "..." : uri.getHost();
            return new ApiException(421, "Misdirected request", "this server does not answer to the name '" + host
                    + "'; if it is one of its names, add it to server.allowedHosts (VIGIL_ALLOWED_HOSTS)");
        }
        String path = uri.getPath();
        String query = uri.getQuery();
        int length = (path == null ? 0 : path.length()) + (query == null ? 0 : query.length() + 1);
        if (length > settings.maxUriLength()) {
            return new ApiException(414, "URI too long", "the request URI has " + length + " characters, more than the limit of "
                    + settings.maxUriLength() + " (server.maxUriLength, VIGIL_MAX_URI_LENGTH); send long inputs in the request body");
        }
        String escapes = QueryEscapes.problem(query);
        if (escapes != null) {
            return ErrorMapper.problemOf(VigilException.badRequest(escapes));
        }
        int parameters = countParameters(query);
        if (parameters > settings.maxQueryParameters()) {
            return ErrorMapper.problemOf(VigilException.badRequest("the query has " + parameters + " parameters, more than the limit of "
                    + settings.maxQueryParameters() + " (server.maxQueryParameters, VIGIL_MAX_QUERY_PARAMETERS)"));
        }
        return null;
    }

    private static int countParameters(String query) {
        if (query == null || query.isEmpty()) {
            return 0;
        }
        int count = 0;
        int start = 0;
        for (int i = 0; i <= query.length(); i++) {
            if (i == query.length() || query.charAt(i) == '&') {
                count += i > start ? 1 : 0;
                start = i + 1;
            }
        }
        return count;
    }

    private static boolean hasBody(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }
}
