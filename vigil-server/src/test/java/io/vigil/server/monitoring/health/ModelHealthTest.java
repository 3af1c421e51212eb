package io.vigil.server.monitoring.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.models.ModelStatus;
import io.vigil.server.models.RegisteredModel;
import io.vigil.server.monitoring.live.LiveGlance;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A deployed model's health from its figures: the worst known check decides, each reason names its
 * check, figure and thresholds, and what is not known is listed as unknown, never judged.
 */
class ModelHealthTest {
    private static final RegisteredModel MODEL = new RegisteredModel(UUID.randomUUID(), "kdd-gbm", "intrusion", "gbm", Map.of(), null,
            List.of(), "label", null, null, List.of(), true, ModelStatus.DEPLOYED, 2, 2, null, Instant.EPOCH, Instant.EPOCH);

    private final ModelHealth health = new ModelHealth(null, HealthThresholds.DEFAULTS);
    private final FixedFigures figures = new FixedFigures();

    private HealthCheck check(ModelHealthReport r, String name) {
        return r.checks().stream().filter(c -> c.check().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void withoutAnyFigureAModelIsHealthyAndSaysWhatItDoesNotKnow() {
        figures.loaded = false;
        ModelHealthReport r = health.of(MODEL, figures);
        assertThat(r.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(r.reasons()).isEmpty();
        assertThat(r.unknown()).containsExactly(HealthCheck.ERROR_RATE, HealthCheck.LATENCY_P99, HealthCheck.DRIFT_SHARE,
                HealthCheck.LIVE_ACCURACY);
        assertThat(check(r, HealthCheck.LIVE_ACCURACY).reason()).contains("no feedback yet");
        assertThat(check(r, HealthCheck.DRIFT_SHARE).reason()).contains("no drift round has judged this model yet");
        HealthCheck loaded = check(r, HealthCheck.LOADED);
        assertThat(loaded.status()).as("reported, never judged").isEqualTo(HealthCheck.Verdict.INFO);
        assertThat(loaded.observed()).isEqualTo(false);
        assertThat(r.version()).isEqualTo(2);
    }

    @Test
    void theWorstKnownCheckDecidesAndEachReasonNamesItsFigureAndThresholds() {
        figures.glance("15m", new LiveGlance(1000, 300.0, Map.of(), 0, 0)); // p99 300 ms: degraded (250), not failing (1000)
        figures.glance("24h", new LiveGlance(1000, 300.0, Map.of(), 100, 70)); // 0.70 against 0.95: 25 points down, failing
        figures.own = new ModelFigures.OwnAccuracy(0.95, "validation");
        figures.errors = new ErrorRates.Rate(200, 1, Instant.EPOCH); // 0.5 %: ok
        figures.drift(MODEL.id(), 2, 3, 10); // 0.3: degraded
        ModelHealthReport r = health.of(MODEL, figures);
        assertThat(r.status()).isEqualTo(HealthStatus.FAILING);
        assertThat(r.unknown()).isEmpty();
        assertThat(r.reasons()).extracting(HealthCheck::check).containsExactly(HealthCheck.LATENCY_P99, HealthCheck.DRIFT_SHARE,
                HealthCheck.LIVE_ACCURACY);
        HealthCheck accuracy = check(r, HealthCheck.LIVE_ACCURACY);
        assertThat(accuracy.status()).isEqualTo(HealthCheck.Verdict.FAILING);
        assertThat(accuracy.observed()).isEqualTo(0.7);
        assertThat(accuracy.degradedAt()).isCloseTo(0.90, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(accuracy.failingAt()).isCloseTo(0.80, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(accuracy.basis()).contains("100 rows", "validation accuracy 0.9500");
        HealthCheck latency = check(r, HealthCheck.LATENCY_P99);
        assertThat(latency.status()).isEqualTo(HealthCheck.Verdict.DEGRADED);
        assertThat(latency.degradedAt()).isEqualTo(250);
        assertThat(latency.failingAt()).isEqualTo(1000);
        assertThat(check(r, HealthCheck.ERROR_RATE).status()).isEqualTo(HealthCheck.Verdict.OK);
        assertThat(check(r, HealthCheck.ERROR_RATE).observed()).isEqualTo(0.005);

        figures.glance("24h", new LiveGlance(1000, 300.0, Map.of(), 100, 93)); // 2 points down: fine
        assertThat(health.of(MODEL, figures).status()).isEqualTo(HealthStatus.DEGRADED);
        figures.glance("15m", new LiveGlance(1000, 12.0, Map.of(), 0, 0));
        figures.drift(MODEL.id(), 2, 1, 10);
        assertThat(health.of(MODEL, figures).status()).isEqualTo(HealthStatus.HEALTHY);
        figures.errors = new ErrorRates.Rate(200, 20, Instant.EPOCH); // 10 %
        assertThat(health.of(MODEL, figures).status()).isEqualTo(HealthStatus.FAILING);
    }

    @Test
    void tooFewObservationsAreUnknownNotGood() {
        figures.glance("15m", new LiveGlance(5, 2000.0, Map.of(), 0, 0)); // 2 s, but of 5 predictions
        figures.glance("24h", new LiveGlance(5, 2000.0, Map.of(), 10, 0)); // all wrong, but 10 rows
        figures.own = new ModelFigures.OwnAccuracy(0.95, "validation");
        figures.errors = new ErrorRates.Rate(5, 5, Instant.EPOCH);
        figures.drift(MODEL.id(), 1, 9, 10); // of another version
        ModelHealthReport r = health.of(MODEL, figures);
        assertThat(r.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(r.unknown()).hasSize(4);
        assertThat(check(r, HealthCheck.LATENCY_P99).reason()).isEqualTo("5 predictions in the window; a figure needs 20");
        assertThat(check(r, HealthCheck.LIVE_ACCURACY).reason()).contains("10 predictions with feedback", "needs 30");
        assertThat(check(r, HealthCheck.DRIFT_SHARE).reason()).contains("judged version 1, not the deployed 2");

        figures.errorRatesKept = false;
        assertThat(check(health.of(MODEL, figures), HealthCheck.ERROR_RATE).reason()).contains("metrics are off");
        figures.glance("24h", new LiveGlance(5, 2000.0, Map.of(), 100, 50));
        figures.own = null; // a detector has no accuracy of its own
        HealthCheck accuracy = check(health.of(MODEL, figures), HealthCheck.LIVE_ACCURACY);
        assertThat(accuracy.status()).isEqualTo(HealthCheck.Verdict.UNKNOWN);
        assertThat(accuracy.observed()).as("the figure is shown, not judged").isEqualTo(0.5);
    }
}
