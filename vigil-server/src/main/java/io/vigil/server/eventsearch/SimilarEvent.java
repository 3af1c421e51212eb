package io.vigil.server.eventsearch;

import java.util.UUID;

/**
 * A neighbour found by {@link EventSearch#similar}.
 *
 * @param eventId    the event
 * @param similarity {@code 1 / (1 + d²)}, in (0, 1], 1 for the same standardised vector
 * @param distance   {@code d}, the Euclidean distance between the standardised feature vectors
 */
public record SimilarEvent(UUID eventId, double similarity, double distance) {}
