package io.vigil.server.http;

import io.javalin.http.Context;
import io.vigil.server.audit.AuditEvent;
import io.vigil.server.audit.AuditLog;
import io.vigil.server.auth.Caller;
import io.vigil.server.auth.Role;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every change in the {@link AuditLog} once its answer is complete: a request other than GET,
 * HEAD or OPTIONS, to a route of the table, that succeeded (2xx) or was refused for want of identity
 * (401) or of role (403), and any request whose handler named the user it is about ({@link #actor}: a
 * login, whatever its outcome). It sits outside {@link IdentityGate}, so the refusals made there are
 * seen too; the rate limits' 429s are not recorded (a flood would become audit rows). Routes declared
 * {@link Route#highVolume()} (predictions: they are in the prediction log) are recorded only when they
 * queued a job (202: a batch prediction of a stored dataset, which makes a dataset).
 *
 * <p>Who is the caller identified for the request (a refused one too), else the user the handler
 * named, else nobody. The object is the path's ids, and the {@code Location} of what the request
 * made. Nothing else from the request is kept: no header, no body, so no secret.
 */
public final class AuditTrail extends Handler.Wrapper {
    private static final Logger log = LoggerFactory.getLogger("vigil.http");
    private static final String NOTE = "vigil.auditNote";

    private final RouteTemplates routes;
    private final AuditLog audit;

    AuditTrail(RouteTemplates routes, AuditLog audit) {
        this.routes = routes;
        this.audit = audit;
    }

    /**
     * For a handler of an open route: the user the request is about (the name a login gave, the user
     * of a session refreshed or ended), and their role when known. The request is then recorded
     * whatever its answer.
     */
    public static void actor(Context ctx, String user, Role role) {
        if (ctx.attribute(NOTE) instanceof Note note && user != null && !user.isBlank()) {
            note.user = user;
            note.role = role;
        }
    }

    /**
     * For a handler whose request changed nothing (a dry run that only checks): it is not recorded
     * as a change, so a form checking as someone types does not fill the audit log.
     */
    public static void changedNothing(Context ctx) {
        if (ctx.attribute(NOTE) instanceof Note note) {
            note.changedNothing = true;
        }
    }

    /** What a handler said about its request. */
    private static final class Note {
        volatile String user;
        volatile Role role;
        volatile boolean changedNothing;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return super.handle(request, response, callback);
        }
        Route route = routes.matchOnce(request);
        if (route == null) {
            return super.handle(request, response, callback);
        }
        Note note = null;
        if (!route.quietLog()) { // the prediction routes' handlers name nobody: no note on the hot path
            note = new Note();
            request.setAttribute(NOTE, note);
        }
        Note said = note;
        return super.handle(request, response, new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                record(route, request, response, said);
                super.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                record(route, request, response, said);
                super.failed(failure);
            }
        });
    }

    private void record(Route route, Request request, Response response, Note note) {
        int status = response.getStatus();
        boolean recorded = note == null ? status == 202 // a high-volume route: only what queued a job (a batch of a stored dataset)
                : status / 100 == 2 && !note.changedNothing || status == 401 || status == 403 || note.user != null;
        if (!recorded) {
            return;
        }
        try {
            Map<String, String> object = RouteTemplates.parameters(route, request);
            String created = response.getHeaders().get(HttpHeader.LOCATION);
            if (created != null) {
                object.put("created", created);
            }
            String action = route.method().name() + " " + route.path();
            String address = Request.getRemoteAddr(request);
            String requestId = RequestIds.answered(request, response);
            Caller caller = Callers.find(request).orElse(null);
            audit.record(caller != null ? AuditEvent.by(caller, action, object, status, address, requestId)
                    : note != null && note.user != null ? AuditEvent.named(note.user, note.role, action, object, status, address, requestId)
                    : AuditEvent.anonymous(action, object, status, address, requestId));
        } catch (RuntimeException e) { // the answer is sent; the trail must not fail it
            log.atError().addKeyValue("path", request.getHttpURI().getPath()).addKeyValue("status", status)
                    .addKeyValue("error", e.toString()).log("cannot record a change in the audit log");
        }
    }
}
