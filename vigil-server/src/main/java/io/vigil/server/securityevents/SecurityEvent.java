package io.vigil.server.securityevents;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A security event as {@code GET /ml/events} shows it. An anomaly event spans a run of anomalous
 * points of one asset: {@code startedAt} its first, {@code lastSeenAt} its latest, {@code endedAt}
 * set once it is over (null while it goes on); {@code score} is the run's highest, {@code points}
 * how many anomalous points it holds.
 *
 * @param method  how the score was made: {@code model} (a trained detector, {@code modelId} and
 *                {@code version}) or {@code statistical} (the fallback over recent history)
 * @param details what drove it: the metrics and features at its peak, the threshold
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecurityEvent(UUID id, String kind, String severity, String title, String assetId, String sourceHost,
                            String destinationHost, String userName, double score, String method, UUID modelId, Integer version,
                            Instant startedAt, Instant lastSeenAt, Instant endedAt, int points, Map<String, Object> details,
                            Instant createdAt) {

    /** Whether the event is still going on. */
    public boolean open() {
        return endedAt == null;
    }
}
