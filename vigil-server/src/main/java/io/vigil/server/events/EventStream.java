package io.vigil.server.events;

import io.javalin.http.sse.SseClient;
import io.vigil.server.core.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Server-Sent Events client. Every write goes through here, one at a time (live events come on
 * the bus's thread, heartbeats on a timer). A write that fails means the client is gone: Javalin then
 * closes the client, which ends the stream. A stream filtered to one job ends after that job's final state.
 */
final class EventStream {
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
