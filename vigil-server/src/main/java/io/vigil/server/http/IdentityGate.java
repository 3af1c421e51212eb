package io.vigil.server.http;

import io.vigil.server.auth.Access;
import io.vigil.server.auth.Caller;
import io.vigil.server.core.VigilException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identifies the caller of every request for a route that needs identity, before anything else
 * (its body included) is read: a caller without a valid credential costs no upload, no JSON
 * parsing and no handler. 401 without identity (with {@code WWW-Authenticate}), 403 with too
 * little role, both as problem documents. The caller goes on with the request ({@link Callers}).
 *
 * <p>The handlers check again ({@link HttpServer} wraps each one): a request this gate did not
 * match to a route is still refused there, only after its body was read.
 */
final class IdentityGate extends Handler.Wrapper {
    private static final Logger log = LoggerFactory.getLogger("vigil.http");
    static final HttpField CHALLENGE = new PreEncodedHttpField(HttpHeader.WWW_AUTHENTICATE, Identification.CHALLENGE);

    private final RouteTemplates routes;
    private final Identification identification;
    private final HttpMeters meters;

    /**
     * @param routes every route (the open ones pass); shared with the other gates, so a request is matched once
     * @param meters where refusals are counted by reason
     */
    IdentityGate(RouteTemplates routes, Identification identification, HttpMeters meters) {
        this.routes = routes;
        this.identification = identification;
        this.meters = meters;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Route route = routes.matchOnce(request);
        if (route == null || route.access() == Access.PUBLIC) {
            return super.handle(request, response, callback);
        }
        try {
            Caller caller = identification.identify(name -> request.getHeaders().get(name));
            // kept on a refused request too: the audit trail records who was refused
            Callers.set(request, caller);
            if (!caller.may(route.access())) {
                throw Identification.forbidden(caller, route.access(), null);
            }
        } catch (VigilException refused) {
            if (refused.kind() == VigilException.Kind.UNAUTHENTICATED) {
                response.getHeaders().put(CHALLENGE);
            }
            meters.authRefused(refused.kind() == VigilException.Kind.FORBIDDEN ? HttpMeters.AUTH_FORBIDDEN
                    : refused.kind() == VigilException.Kind.UNAVAILABLE ? HttpMeters.AUTH_UNAVAILABLE
                    : credentialSent(request) ? HttpMeters.AUTH_INVALID : HttpMeters.AUTH_MISSING);
            refuse(request, response, callback, refused);
            return true;
        } catch (RuntimeException e) { // the database could not be asked about a key or a user
            log.atWarn().addKeyValue("path", request.getHttpURI().getPath()).addKeyValue("error", e.toString())
                    .log("cannot identify the caller");
            meters.authRefused(HttpMeters.AUTH_UNAVAILABLE);
            refuse(request, response, callback, VigilException.unavailable("cannot check credentials now; try again shortly"));
            return true;
        }
        return super.handle(request, response, callback);
    }

    private static boolean credentialSent(Request request) {
        return request.getHeaders().contains(HttpHeader.AUTHORIZATION) || request.getHeaders().contains(Identification.API_KEY_HEADER);
    }

    private static void refuse(Request request, Response response, Callback callback, VigilException refused) {
        // the request never reaches Javalin's request log: this is its one line
        log.atInfo().addKeyValue("method", request.getMethod()).addKeyValue("path", request.getHttpURI().getPath())
                .addKeyValue("status", ErrorMapper.statusOf(refused.kind())).addKeyValue("reason", refused.detail())
                .addKeyValue("requestId", RequestIds.of(request, response)).log("request refused");
        boolean bodyUnread = request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        Problems.write(request, response, callback, ErrorMapper.problemOf(refused), bodyUnread);
    }
}
