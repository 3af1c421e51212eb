package io.vigil.server.monitoring.retraining;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The answer of {@code GET} and {@code PUT /ml/models/{id}/retraining}: the policy with its defaults
 * filled in ({@code configured} false: the model has none, and only {@code run} retrains it), the
 * triggers it sets, when its schedule fires next, and when it last triggered.
 */
public record PolicyAnswer(UUID modelId, String modelName, boolean configured, RetrainingPolicy policy, List<String> triggers,
                           Instant nextScheduledAt, Instant lastTriggeredAt, String updatedBy, Instant updatedAt) {}
