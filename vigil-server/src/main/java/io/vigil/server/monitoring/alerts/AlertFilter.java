package io.vigil.server.monitoring.alerts;

import java.time.Instant;
import java.util.UUID;

/**
 * Which alerts to list; a null field does not filter.
 *
 * @param openOnly only alerts still open (firing or acknowledged)
 * @param since    alerts seen at or after this time (last seen)
 * @param until    alerts that began before this time (first seen)
 */
public record AlertFilter(AlertState state, boolean openOnly, Severity severity, UUID modelId, UUID ruleId, RuleKind kind, Instant since,
                          Instant until) {
    public static final AlertFilter ALL = new AlertFilter(null, false, null, null, null, null, null, null);
}
