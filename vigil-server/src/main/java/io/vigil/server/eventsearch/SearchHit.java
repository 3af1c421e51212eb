package io.vigil.server.eventsearch;

import java.util.UUID;

/**
 * An event found by {@link EventSearch#search}.
 *
 * @param eventId    the event
 * @param similarity the cosine similarity of its text's embedding to the query's, in [-1, 1]; null when the
 *                   query had no words left to embed (the newest matching events are answered)
 */
public record SearchHit(UUID eventId, Double similarity) {}
