package io.vigil.server.monitoring.alerts;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Something another part of monitoring did to a model that rules of a {@link RuleKind#fired} kind
 * alert on: an experiment decided ({@link RuleKind#EXPERIMENT_DECISION}), a retraining triggered or
 * decided ({@link RuleKind#RETRAINING}). Handed to {@link AlertMonitoring#happened}.
 *
 * @param summary the alert's one-line summary
 * @param details what the alert keeps: ids to look it up by, the outcome, the figures
 */
public record Happening(RuleKind kind, UUID modelId, String modelName, Integer version, Instant at, String summary,
                        Map<String, Object> details) {
    public Happening {
        if (kind == null || !kind.fired() || kind == RuleKind.THREAT_PREDICTION) {
            throw new IllegalArgumentException("not a kind of happening: " + kind);
        }
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details)); // values may be null: an outcome without detail
    }
}
