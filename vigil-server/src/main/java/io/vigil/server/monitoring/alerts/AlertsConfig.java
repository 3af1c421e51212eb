package io.vigil.server.monitoring.alerts;

import io.vigil.server.monitoring.health.HealthThresholds;
import java.time.Duration;
import java.util.List;

/**
 * Health and alerts as configured ({@code alerts.*}, {@code health.*}).
 *
 * @param enabled       whether this instance evaluates rules and watches threat predictions (the API answers either way)
 * @param evaluateEvery how often the rules are evaluated and each deployed model's health recorded
 * @param driftEvery    how often each deployed model's drift is computed for the drift rules, health and the drift gauges
 * @param driftWindow   the window of that drift for a model no drift rule watches
 * @param rules         the rules of the configuration ({@code alerts.rules}), checked
 * @param health        what health is judged by
 */
public record AlertsConfig(boolean enabled, Duration evaluateEvery, Duration driftEvery, String driftWindow, List<AlertRule> rules,
                           HealthThresholds health) {
    public AlertsConfig {
        rules = List.copyOf(rules);
    }

    public static AlertsConfig builtIn() {
        return new AlertsConfig(true, Duration.ofSeconds(60), Duration.ofSeconds(300), "1h", List.of(), HealthThresholds.DEFAULTS);
    }
}
