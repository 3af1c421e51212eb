package io.vigil.server.monitoring.alerts.channels;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What a message says about an alert: everything a channel needs, nothing it must look up. Stored
 * whole with each delivery (as JSON), so a retry an hour later sends what the alert was when it fired.
 *
 * @param alertId   the alert's id (its link, the receiver's key for grouping deliveries)
 * @param ruleName  the rule that fired, as its author named it
 * @param ruleKind  what the rule watches: {@code drift_share}, {@code threat_prediction}, ...
 * @param severity  {@code info}, {@code warning} or {@code critical}
 * @param state     {@code firing}, {@code acknowledged} or {@code resolved}
 * @param modelId   the model concerned, or null for a rule over no model
 * @param version   the model's version concerned, or null
 * @param summary   one line for a person
 * @param details   the figures behind it (observed value, threshold, window...), JSON values
 * @param count     how many times it fired while open (one incident, however many firings)
 */
public record AlertNotice(UUID alertId, String ruleName, String ruleKind, String severity, String state,
                          UUID modelId, String modelName, Integer version, String summary,
                          Map<String, Object> details, Instant firstSeen, Instant lastSeen, long count) {
    public AlertNotice {
        details = details == null ? Map.of() : details;
    }
}
