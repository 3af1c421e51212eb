package io.vigil.server.securityevents;

import java.time.Instant;

/**
 * Which events {@code GET /ml/events} lists; null fields do not filter. {@code since}/{@code until}:
 * events going on at some moment in [since, until) (an event that started before {@code since} and
 * lasted past it is included).
 */
public record SecurityEventFilter(String kind, String severity, String assetId, Boolean open, Instant since, Instant until) {}
