package io.vigil.server.securityevents;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A security event as {@code GET /ml/events} shows it. An anomaly event spans a run of anomalous
 * points of one asset: {@code startedAt} its first, {@code lastSeenAt} its latest, {@code endedAt}
 * set once it is over (null while it goes on); {@code score} is the run's highest, {@code points}
 * how many anomalous points it holds. Any other event is one sighting: started, last seen and
 * ended at once.
 *
 * @param kind      {@code prediction} (a verdict above its model type's threshold), {@code rule} (a fast rule fired),
 *                  {@code anomaly} (an asset's run of anomalous points), {@code alert} (a monitoring alert) or
 *                  {@code external} (scored elsewhere and posted to Vigil)
 * @param score     the final threat score, 0..1: for a verdict the higher of the model's and the rules'
 * @param method    how the score was made: {@code model} (a trained detector or classifier, {@code modelId} and
 *                  {@code version}), {@code statistical} (the asset fallback), {@code rules}, or an external source's word
 * @param details   what drove it: for an anomaly the metrics and features at its peak, the threshold
 * @param modelType the detection slot whose verdict it is
 * @param verdict   a verdict's scores, rules, divergence and explanation (null for anomalies and alerts)
 * @param input     the raw input the verdict was made on
 * @param source    who reported an external event (a sensor, a SIEM)
 * @param incident  the incident it was grouped into (null: no entity to group by)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecurityEvent(UUID id, String kind, String severity, String title, String assetId, String sourceHost,
                            String destinationHost, String userName, double score, String method, UUID modelId, Integer version,
                            Instant startedAt, Instant lastSeenAt, Instant endedAt, int points, Map<String, Object> details,
                            Instant createdAt, String modelType, Verdict verdict, Map<String, Object> input, String source,
                            UUID incident) {

    /** An event of the kinds that came before verdicts (anomalies): no model type, verdict, input, source or incident yet. */
    public SecurityEvent(UUID id, String kind, String severity, String title, String assetId, String sourceHost, String destinationHost,
                         String userName, double score, String method, UUID modelId, Integer version, Instant startedAt,
                         Instant lastSeenAt, Instant endedAt, int points, Map<String, Object> details, Instant createdAt) {
        this(id, kind, severity, title, assetId, sourceHost, destinationHost, userName, score, method, modelId, version, startedAt,
                lastSeenAt, endedAt, points, details, createdAt, null, null, null, null, null);
    }

    /** Whether the event is still going on. */
    public boolean open() {
        return endedAt == null;
    }

    /** The same event, grouped into {@code incidentId}. */
    public SecurityEvent inIncident(UUID incidentId) {
        return new SecurityEvent(id, kind, severity, title, assetId, sourceHost, destinationHost, userName, score, method, modelId, version,
                startedAt, lastSeenAt, endedAt, points, details, createdAt, modelType, verdict, input, source, incidentId);
    }

    /** Whether its model and rules disagreed. */
    public boolean divergent() {
        return verdict != null && verdict.divergence() != null;
    }
}
