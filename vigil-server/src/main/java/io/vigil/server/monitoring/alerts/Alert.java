package io.vigil.server.monitoring.alerts;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One incident, as stored and as the API shows it: what raised it, about which model, how often
 * and from when to when it was seen, and who acknowledged and resolved it.
 *
 * @param ruleId      its rule; null once the rule is deleted ({@code ruleName} stays)
 * @param category    {@code security} (a threat prediction) or {@code model}
 * @param modelId     the model it is about; null for a rule of the whole server
 * @param version     the model's version when it was last seen
 * @param details     what its rule observed: the figure, its threshold, the window, and what its kind adds
 * @param occurrences how many times it was seen: evaluation rounds that found the condition, or threat predictions
 * @param resolution  why it was resolved: by whom, or the condition that cleared
 */
public record Alert(UUID id, UUID ruleId, String ruleName, RuleKind kind, String category, Severity severity, AlertState state,
                    UUID modelId, String modelName, Integer version, String summary, Map<String, Object> details, Instant firstSeen,
                    Instant lastSeen, long occurrences, String acknowledgedBy, Instant acknowledgedAt, String resolvedBy,
                    Instant resolvedAt, String resolution) {
    public Alert {
        details = details == null ? Map.of() : details;
    }

    /** The same alert seen again: {@code more} occurrences up to {@code at}, with what its rule says now. */
    Alert seenAgain(long more, Instant at, Integer newVersion, String newSummary, Map<String, Object> newDetails) {
        return new Alert(id, ruleId, ruleName, kind, category, severity, state, modelId, modelName, newVersion, newSummary, newDetails,
                firstSeen, at.isAfter(lastSeen) ? at : lastSeen, occurrences + more, acknowledgedBy, acknowledgedAt, resolvedBy,
                resolvedAt, resolution);
    }
}
