package io.vigil.server.http;

import io.javalin.http.Context;
import io.vigil.server.core.Uuids;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/** The request id: the caller's {@code X-Request-Id} when it is sane, else a fresh one. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "vigil.requestId";
    // A caller's id is echoed into headers and logs: keep it short and printable.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {}

    static String assign(Context ctx) {
        String id = choose(ctx.header(HEADER));
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
        return id;
    }

    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id != null ? id : assign(ctx);
    }

    /** The id of a request answered below Javalin (refused by Jetty, or its body by {@link BodyReader}). */
    static String of(Request request, Response response) {
        String id = request.getAttribute(ATTRIBUTE) instanceof String known ? known : choose(request.getHeaders().get(HEADER));
        request.setAttribute(ATTRIBUTE, id);
        response.getHeaders().put(HEADER, id);
        return id;
    }

    /** The id a request was answered with, read after its answer (which may be committed: nothing is set), or null. */
    static String answered(Request request, Response response) {
        return request.getAttribute(ATTRIBUTE) instanceof String known ? known : response.getHeaders().get(HEADER);
    }

    private static String choose(String given) {
        return given != null && SAFE.matcher(given).matches() ? given : Uuids.random().toString();
    }
}
