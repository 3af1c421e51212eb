package io.vigil.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.javalin.websocket.WsConfig;
import io.vigil.server.auth.Access;
import java.util.function.Consumer;

/**
 * One line of the route table: method, path, the access it needs (which roles have it is
 * {@code auth.Permissions}' table), and what answers it — an HTTP handler, or for a WebSocket
 * ({@code GET} + upgrade) its configuration. The HTTP layer enforces the access on every request.
 *
 * @param quietLog answers that succeed are logged at DEBUG, not INFO: probes and predictions come
 *                   thousands a second, and a log line each would cost more than the answer
 * @param uploadBody the body may be as large as a dataset upload (VIGIL_MAX_UPLOAD_MB) rather than
 *                   {@link Bodies#MAX_BYTES}; past its first MiBs it waits in a temporary file
 */
public record Route(HandlerType method, String path, Access access, Handler handler, Consumer<WsConfig> webSocket,
                    boolean quietLog, boolean uploadBody) {
    public Route {
        if (access == null) {
            throw new IllegalArgumentException(method + " " + path + " declares no access: every route says who may call it");
        }
    }

    public Route(HandlerType method, String path, Access access, Handler handler, Consumer<WsConfig> webSocket) {
        this(method, path, access, handler, webSocket, false, false);
    }

    public static Route get(String path, Access access, Handler handler) {
        return new Route(HandlerType.GET, path, access, handler, null);
    }

    public static Route post(String path, Access access, Handler handler) {
        return new Route(HandlerType.POST, path, access, handler, null);
    }

    public static Route put(String path, Access access, Handler handler) {
        return new Route(HandlerType.PUT, path, access, handler, null);
    }

    public static Route patch(String path, Access access, Handler handler) {
        return new Route(HandlerType.PATCH, path, access, handler, null);
    }

    public static Route delete(String path, Access access, Handler handler) {
        return new Route(HandlerType.DELETE, path, access, handler, null);
    }

    /** Server-Sent Events: a GET that stays open; the client must ask for {@code text/event-stream}. */
    public static Route sse(String path, Access access, Consumer<SseClient> client) {
        return sse(path, access, ctx -> { }, client);
    }

    /**
     * The same, with {@code check} run before the stream opens: once it has, its 200 is sent and a
     * bad parameter or unknown resource can no longer be answered with a 4xx.
     */
    public static Route sse(String path, Access access, Handler check, Consumer<SseClient> client) {
        SseHandler sse = new SseHandler(client);
        return new Route(HandlerType.GET, path, access, ctx -> {
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                throw new ApiException(406, "Not acceptable",
                        "this is a Server-Sent Events stream: send the header 'Accept: text/event-stream'");
            }
            check.handle(ctx);
            sse.handle(ctx);
        }, null);
    }

    /** The same route for high-volume traffic (probes, predictions): its successful requests logged at DEBUG. */
    public Route highVolume() {
        return new Route(method, path, access, handler, webSocket, true, uploadBody);
    }

    /** The same route taking bodies up to the upload limit: dataset uploads. */
    public Route upload() {
        return new Route(method, path, access, handler, webSocket, quietLog, true);
    }

    public static Route webSocket(String path, Access access, Consumer<WsConfig> ws) {
        return new Route(HandlerType.GET, path, access, null, ws);
    }
}
