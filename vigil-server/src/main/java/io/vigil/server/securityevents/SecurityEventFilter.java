package io.vigil.server.securityevents;

import java.time.Instant;
import java.util.UUID;

/**
 * Which events {@code GET /ml/events} lists; null fields do not filter. {@code since}/{@code until}:
 * events going on at some moment in [since, until) (an event that started before {@code since} and
 * lasted past it is included). {@code entity} matches any of an event's entity keys (source or
 * destination host, asset, user); {@code rule} an event whose fired rules include it.
 */
public record SecurityEventFilter(String kind, String severity, String assetId, Boolean open, Instant since, Instant until,
                                  String modelType, Boolean divergent, String rule, String entity, UUID incident) {

    /** The filters of the events that came before verdicts. */
    public SecurityEventFilter(String kind, String severity, String assetId, Boolean open, Instant since, Instant until) {
        this(kind, severity, assetId, open, since, until, null, null, null, null, null);
    }

    /** Every event of one incident. */
    public static SecurityEventFilter ofIncident(UUID incident) {
        return new SecurityEventFilter(null, null, null, null, null, null, null, null, null, null, incident);
    }
}
