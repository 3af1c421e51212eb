package io.vigil.server.monitoring.health;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The answer of {@code GET /ml/models/{id}/health}: the deployed version's status and every check
 * behind it.
 *
 * @param status  {@code failing} if a check fails, else {@code degraded} if one is degraded, else {@code healthy}
 * @param reasons the checks that made it less than healthy
 * @param unknown the checks whose figure is not known yet: they count neither way
 */
public record ModelHealthReport(UUID modelId, String modelName, int version, HealthStatus status, Instant checkedAt,
                                List<HealthCheck> checks, List<HealthCheck> reasons, List<String> unknown) {

    static ModelHealthReport of(UUID modelId, String modelName, int version, Instant at, List<HealthCheck> checks) {
        boolean failing = checks.stream().anyMatch(c -> c.status() == HealthCheck.Verdict.FAILING);
        boolean degraded = checks.stream().anyMatch(c -> c.status() == HealthCheck.Verdict.DEGRADED);
        HealthStatus status = failing ? HealthStatus.FAILING : degraded ? HealthStatus.DEGRADED : HealthStatus.HEALTHY;
        List<HealthCheck> reasons = checks.stream()
                .filter(c -> c.status() == HealthCheck.Verdict.FAILING || c.status() == HealthCheck.Verdict.DEGRADED).toList();
        List<String> unknown = checks.stream().filter(c -> c.status() == HealthCheck.Verdict.UNKNOWN).map(HealthCheck::check).toList();
        return new ModelHealthReport(modelId, modelName, version, status, at, List.copyOf(checks), reasons, unknown);
    }
}
