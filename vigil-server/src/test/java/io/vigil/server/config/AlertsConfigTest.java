package io.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.monitoring.alerts.AlertRule;
import io.vigil.server.monitoring.alerts.AlertsConfig;
import io.vigil.server.monitoring.health.HealthThresholds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code alerts.*} and {@code health.*} settings: rules written in vigil.yaml as a list, checked at start as the API checks them. */
class AlertsConfigTest {
    @TempDir
    Path dir;

    @Test
    void theDefaults() {
        AlertsConfig alerts = ConfigLoader.load(null, Map.of()).alerts();
        assertThat(alerts.enabled()).isTrue();
        assertThat(alerts.evaluateEvery()).isEqualTo(Duration.ofSeconds(60));
        assertThat(alerts.driftEvery()).isEqualTo(Duration.ofSeconds(300));
        assertThat(alerts.driftWindow()).isEqualTo("1h");
        assertThat(alerts.rules()).isEmpty();
        assertThat(alerts.health()).isEqualTo(HealthThresholds.DEFAULTS);
    }

    @Test
    void rulesAreAYamlListOfMappingsAndThresholdsAreRead() throws Exception {
        Path yaml = Files.writeString(dir.resolve("vigil.yaml"), """
                alerts:
                  evaluateEverySeconds: 30
                  driftWindow: 6h
                  rules:
                    - name: kdd-threats
                      kind: threat_prediction
                      model: kdd-gbm
                      threshold: 0.95
                      classes: [neptune, smurf]
                      channels: ["0193a000-0000-7000-8000-000000000001"]
                    - name: any-drift
                      kind: drift_share
                      severity: critical
                health:
                  window: 30m
                  latencyP99DegradedMs: 100
                  accuracyDropFailing: 0.2
                """);
        AlertsConfig alerts = ConfigLoader.load(yaml, Map.of("VIGIL_HEALTH_MIN_FEEDBACK", "100")).alerts();
        assertThat(alerts.evaluateEvery()).isEqualTo(Duration.ofSeconds(30));
        assertThat(alerts.driftWindow()).isEqualTo("6h");
        assertThat(alerts.rules()).extracting(AlertRule::name).containsExactly("kdd-threats", "any-drift");
        AlertRule threats = alerts.rules().get(0);
        assertThat(threats.modelName()).isEqualTo("kdd-gbm");
        assertThat(threats.threshold()).isEqualTo(0.95);
        assertThat(threats.classes()).containsExactly("neptune", "smurf");
        assertThat(threats.channels()).hasSize(1);
        assertThat(threats.fromConfig()).isTrue();
        assertThat(alerts.rules().get(1).global()).isTrue();
        assertThat(alerts.health().window()).isEqualTo("30m");
        assertThat(alerts.health().latencyP99DegradedMs()).isEqualTo(100);
        assertThat(alerts.health().accuracyDropFailing()).isEqualTo(0.2);
        assertThat(alerts.health().minFeedback()).isEqualTo(100);

        // the environment's rules replace the file's, as JSON
        AlertsConfig fromEnv = ConfigLoader.load(yaml, Map.of("VIGIL_ALERTS_RULES",
                "[{\"name\": \"slow\", \"kind\": \"latency_p99\", \"threshold\": 100}]")).alerts();
        assertThat(fromEnv.rules()).extracting(AlertRule::name).containsExactly("slow");
    }

    @Test
    void aBadRuleOrThresholdStopsTheStartNamingIt() throws Exception {
        Path yaml = Files.writeString(dir.resolve("bad.yaml"), """
                alerts:
                  rules:
                    - name: kdd-threats
                      kind: threat_prediction
                      threshold: 2
                    - kind: latency_p99
                """);
        assertThatThrownBy(() -> ConfigLoader.load(yaml, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("setting 'alerts.rules' (VIGIL_ALERTS_RULES): alerts.rules[0].threshold: for threat_prediction: a confidence"
                        + " from 0 to 1; got 2.0; alerts.rules[1].name: is required: a name for the rule, e.g. kdd-threats");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_ALERTS_RULES", "{\"name\": \"x\"}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be a list of rules");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_HEALTH_WINDOW", "forever")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'health.window' (VIGIL_HEALTH_WINDOW): 'forever' is not valid");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_HEALTH_ERROR_RATE_DEGRADED", "0.2")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("health would fail before it degrades");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_ALERTS_EVALUATE_EVERY_SECONDS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_ALERTS_EVALUATE_EVERY_SECONDS");
    }
}
