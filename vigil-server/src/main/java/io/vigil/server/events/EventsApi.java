package io.vigil.server.events;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.vigil.server.core.Json;
import io.vigil.server.core.VigilException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live events over Server-Sent Events ({@code GET /ml/stream?modelId=&jobId=}) and WebSocket
 * ({@code /ml/ws}; send {@code {"subscribe": {"modelId": "...", "jobId": "..."}}} to narrow). Each
 * stream first gets the current state of what it asks for ({@link CurrentState}), then live events;
 * one filtered to a job ends after that job's final state. A heartbeat comment every
 * {@link #HEARTBEAT} finds clients that have gone (the write fails) and closes their streams.
 */
public final class EventsApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventsApi.class);
    /** Short enough for proxies' idle timeouts (often 30-60 s) and to find a gone client within two beats. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final String FILTER = "vigil.eventFilter";
    private static final String SUBSCRIBE_HINT = "send {\"subscribe\": {\"modelId\": ..., \"jobId\": ...}}";

    /** A WebSocket message the server could not act on, and why. */
    record SocketError(String error) {}

    /** A WebSocket's confirmation of what it now receives. */
    record Subscribed(EventFilter subscribed) {}

    private final EventBus bus;
    private final CurrentState state;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final Map<String, EventBus.Subscription> sockets = new ConcurrentHashMap<>();
    private final Map<String, WsContext> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeats;

    public EventsApi(EventBus bus, CurrentState state) {
        this(bus, state, HEARTBEAT);
    }

    EventsApi(EventBus bus, CurrentState state, Duration heartbeat) {
        this.bus = bus;
        this.state = state;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-event-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeats.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Before an SSE stream opens: a bad id is refused (400), an unknown job or model too (404). */
    public void check(Context ctx) {
        EventFilter filter = filter(ctx::queryParam);
        state.check(filter);
        ctx.attribute(FILTER, filter);
    }

    /** SSE: the current state, then one {@code event: <type>} / {@code data: <json>} message per event. */
    public void sse(SseClient client) {
        EventFilter filter = filterOf(client);
        EventStream stream = new EventStream(client, filter);
        client.keepAlive();
        EventBus.Subscription subscription = bus.subscribe(filter, stream::deliver);
        streams.add(stream);
        client.onClose(() -> {
            subscription.close();
            streams.remove(stream);
        });
        try {
            // subscribed first, so nothing that happens while the state is read is lost
            stream.start(() -> state.of(filter));
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("error", e.toString()).log("event stream closed: its current state could not be read");
            stream.close();
        }
    }

    /** Open SSE streams (for tests and shutdown). */
    int openStreams() {
        return streams.size();
    }

    /** Ends every open stream and socket, so a graceful stop does not wait for them. */
    public void closeAll() {
        streams.forEach(EventStream::close);
        sessions.values().forEach(WsContext::closeSession);
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        closeAll();
    }

    public void ws(WsConfig ws) {
        ws.onConnect(ctx -> {
            sessions.put(ctx.sessionId(), ctx);
            ctx.enableAutomaticPings(); // a gone client fails a ping, and the socket closes
            subscribe(ctx, filter(ctx::queryParam));
        });
        ws.onMessage(ctx -> {
            var message = Json.MAPPER.readTree(ctx.message());
            var sub = message.path("subscribe");
            if (!sub.isObject()) {
                ctx.send(Json.write(new SocketError(SUBSCRIBE_HINT)));
                return;
            }
            subscribe(ctx, filter(name -> sub.hasNonNull(name) ? sub.get(name).asText() : null));
        });
        ws.onClose(ctx -> closed(ctx.sessionId()));
        ws.onError(ctx -> closed(ctx.sessionId()));
    }

    private void beat() {
        for (EventStream stream : streams) {
            try {
                stream.heartbeat();
            } catch (RuntimeException e) {
                stream.close();
            }
        }
    }

    private static EventFilter filterOf(SseClient client) {
        EventFilter filter = client.ctx().attribute(FILTER);
        return filter == null ? EventFilter.ALL : filter;
    }

    /** Confirms the subscription, sends the current state, then live events; a session's messages go one at a time. */
    private void subscribe(WsContext ctx, EventFilter filter) {
        unsubscribe(ctx.sessionId());
        try {
            state.check(filter);
        } catch (VigilException e) {
            ctx.send(Json.write(new SocketError(e.detail())));
            return;
        }
        Object lock = sessions.getOrDefault(ctx.sessionId(), ctx); // one lock per session, whichever callback's context
        synchronized (lock) {
            sockets.put(ctx.sessionId(), bus.subscribe(filter, e -> {
                synchronized (lock) {
                    ctx.send(Json.write(e));
                }
            }));
            ctx.send(Json.write(new Subscribed(filter)));
            for (Event e : state.of(filter)) {
                ctx.send(Json.write(e));
            }
        }
    }

    private void closed(String sessionId) {
        sessions.remove(sessionId);
        unsubscribe(sessionId);
    }

    private void unsubscribe(String sessionId) {
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
            throw VigilException.invalid(field, "must be a UUID");
        }
    }

    /**
     * One Server-Sent Events client. Every write goes through here, one at a time (live events come on
     * the bus's thread, heartbeats on a timer). A write that fails means the client is gone: Javalin then
     * closes the client, which ends the stream. A stream filtered to one job ends after that job's final state.
     */
    private static final class EventStream {
        private static final Logger log = LoggerFactory.getLogger(EventStream.class);

        private final SseClient client;
        private final EventFilter filter;
        private final Instant openedAt = Instant.now();

        EventStream(SseClient client, EventFilter filter) {
            this.client = client;
            this.filter = filter;
        }

        /** Sends the current state, read under the stream's lock so that no live event can come before it. */
        synchronized void start(Supplier<List<Event>> currentState) {
            comment("connected");
            for (Event e : currentState.get()) {
                send(e);
            }
        }

        /** A live event from the bus; throws once the client is gone, which ends the subscription. */
        synchronized void deliver(Event e) {
            if (client.terminated()) {
                throw new IllegalStateException("event stream closed");
            }
            send(e);
        }

        /** A comment line: keeps proxies from timing the stream out, and finds a client that has gone. */
        synchronized void heartbeat() {
            comment("heartbeat");
            if (client.terminated()) {
                log.atDebug().addKeyValue("ageMs", age().toMillis()).log("event stream closed: its client is gone");
            }
        }

        synchronized void close() {
            client.close();
        }

        boolean isOpen() {
            return !client.terminated();
        }

        Duration age() {
            return Duration.between(openedAt, Instant.now());
        }

        private void send(Event e) {
            if (client.terminated()) {
                return;
            }
            client.sendEvent(e.type(), Json.write(e));
            if (CurrentState.endsStream(filter, e)) {
                client.close();
            }
        }

        private void comment(String text) {
            if (!client.terminated()) {
                client.sendComment(text);
            }
        }
    }
}
