package io.vigil.server.http;

import io.javalin.http.Context;
import io.vigil.server.auth.Access;
import io.vigil.server.auth.Caller;
import io.vigil.server.core.VigilException;
import java.util.Optional;
import org.eclipse.jetty.server.Request;

/**
 * The caller of a request, as the HTTP layer identified it before the handler ran: handlers pass
 * it on to services as a plain {@link Caller}. Every route but the public ones has one.
 */
public final class Callers {
    static final String ATTRIBUTE = "vigil.caller";

    private Callers() {}

    /** The caller of a route that needs identity; 401 if there is none (a public route). */
    public static Caller of(Context ctx) {
        return find(ctx).orElseThrow(Callers::nobody);
    }

    public static Optional<Caller> find(Context ctx) {
        return ctx.attribute(ATTRIBUTE) instanceof Caller c ? Optional.of(c) : Optional.empty();
    }

    /** The caller of a request below Javalin (a Jetty handler, such as a rate limiter), if identified. */
    public static Optional<Caller> find(Request request) {
        return request.getAttribute(ATTRIBUTE) instanceof Caller c ? Optional.of(c) : Optional.empty();
    }

    /**
     * A second check inside a handler, for a request whose form needs more than its route does (a
     * batch prediction that reads a stored dataset needs {@link Access#DATA}): 403 without it.
     */
    public static Caller require(Context ctx, Access access, String what) {
        Caller caller = of(ctx);
        if (!caller.may(access)) {
            throw Identification.forbidden(caller, access, what);
        }
        return caller;
    }

    static void set(Request request, Caller caller) {
        request.setAttribute(ATTRIBUTE, caller);
    }

    static void set(Context ctx, Caller caller) {
        ctx.attribute(ATTRIBUTE, caller);
    }

    private static VigilException nobody() {
        return new VigilException(VigilException.Kind.UNAUTHENTICATED, Identification.NO_CREDENTIALS);
    }
}
