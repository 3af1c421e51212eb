package io.vigil.server.monitoring.alerts;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What a message about an alert needs: which alert, raised by which rule, how urgent, where it
 * stands, about which model, what was seen, and from when to when. Channels format it their way.
 *
 * @param state    {@code firing} when it fires (a new alert, or one after its rule's cool-down), {@code resolved} when it resolves
 * @param category {@code security} for a threat prediction, else {@code model}
 * @param modelId  null for a rule of the whole server
 */
public record AlertNotice(UUID alertId, UUID ruleId, String ruleName, String kind, String category, String severity, String state,
                          UUID modelId, String modelName, Integer version, String summary, Map<String, Object> details,
                          Instant firstSeen, Instant lastSeen, long occurrences, String resolvedBy, String resolution) {

    static AlertNotice of(Alert a) {
        return new AlertNotice(a.id(), a.ruleId(), a.ruleName(), a.kind().wire(), a.category(), a.severity().wire(), a.state().wire(),
                a.modelId(), a.modelName(), a.version(), a.summary(), a.details(), a.firstSeen(), a.lastSeen(), a.occurrences(),
                a.resolvedBy(), a.resolution());
    }
}
