package io.vigil.server.events;

import io.javalin.http.sse.SseClient;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.vigil.server.http.ApiException;
import io.vigil.server.http.Json;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Live events over Server-Sent Events ({@code GET /ml/events?modelId=&jobId=}) and WebSocket
 * ({@code /ml/ws}; send {@code {"subscribe": {"modelId": "...", "jobId": "..."}}} to narrow).
 */
public final class EventsApi {
    private final EventBus bus;
    private final Map<String, EventBus.Subscription> sockets = new ConcurrentHashMap<>();
    private final Map<String, WsContext> sessions = new ConcurrentHashMap<>();
    private final java.util.Set<SseClient> streams = ConcurrentHashMap.newKeySet();

    public EventsApi(EventBus bus) {
        this.bus = bus;
    }

    /** SSE: one {@code event: <type>} / {@code data: <json>} message per event. */
    public void sse(SseClient client) {
        EventFilter filter = filter(client.ctx()::queryParam);
        client.keepAlive();
        client.sendComment("connected");
        EventBus.Subscription s = bus.subscribe(filter, e -> {
            if (client.terminated()) {
                throw new IllegalStateException("client gone");
            }
            client.sendEvent(e.type(), Json.write(e));
        });
        streams.add(client);
        client.onClose(() -> {
            s.close();
            streams.remove(client);
        });
    }

    /** Ends every open stream and socket, so a graceful stop does not wait for them. */
    public void closeAll() {
        streams.forEach(SseClient::close);
        sessions.values().forEach(WsContext::closeSession);
    }

    public void ws(WsConfig ws) {
        ws.onConnect(ctx -> {
            sessions.put(ctx.sessionId(), ctx);
            ctx.enableAutomaticPings();
            subscribe(ctx, filter(ctx::queryParam));
        });
        ws.onMessage(ctx -> {
            var message = Json.MAPPER.readTree(ctx.message());
            var sub = message.path("subscribe");
            if (!sub.isObject()) {
                ctx.send("{\"error\":\"send {\\\"subscribe\\\": {\\\"modelId\\\": ..., \\\"jobId\\\": ...}}\"}");
                return;
            }
            subscribe(ctx, filter(name -> sub.hasNonNull(name) ? sub.get(name).asText() : null));
        });
        ws.onClose(ctx -> unsubscribe(ctx.sessionId()));
        ws.onError(ctx -> unsubscribe(ctx.sessionId()));
    }

    private void subscribe(WsContext ctx, EventFilter filter) {
        unsubscribe(ctx.sessionId());
        sockets.put(ctx.sessionId(), bus.subscribe(filter, e -> ctx.send(Json.write(e))));
        ctx.send("{\"subscribed\":" + Json.write(filter) + "}");
    }

    private void unsubscribe(String sessionId) {
        sessions.remove(sessionId);
        EventBus.Subscription old = sockets.remove(sessionId);
        if (old != null) {
            old.close();
        }
    }

    private static EventFilter filter(Function<String, String> param) {
        return new EventFilter(uuid(param.apply("modelId"), "modelId"), uuid(param.apply("jobId"), "jobId"));
    }

    private static UUID uuid(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(raw.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, "must be a UUID");
        }
    }

}
