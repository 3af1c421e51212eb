package io.vigil.server.eventsearch;

import java.util.function.Consumer;

/**
 * Port: the events stored in PostgreSQL, for rebuilding the index (implemented by the lead, on
 * {@code security_events}). Both methods are called off the request path, at start.
 */
public interface StoredEvents {

    /** How many events are stored; at start, an index that holds a different number is rebuilt. */
    long count();

    /** Hands every stored event to {@code sink}, in any order, streaming (never all in memory at once). */
    void forEach(Consumer<? super SearchableEvent> sink);
}
