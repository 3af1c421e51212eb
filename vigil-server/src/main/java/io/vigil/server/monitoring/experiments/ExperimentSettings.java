package io.vigil.server.monitoring.experiments;

import java.time.Duration;

/**
 * The server's experiment settings ({@code experiments.*}).
 *
 * @param evaluateEvery how often each instance adds its shadow counts and running experiments are judged (one instance at a time)
 * @param shadowQueue   copies of predictions waiting for a shadow challenger; past it, copies are dropped and counted
 */
public record ExperimentSettings(Duration evaluateEvery, int shadowQueue) {
    public static ExperimentSettings defaults() {
        return new ExperimentSettings(Duration.ofSeconds(60), 10_000);
    }
}
