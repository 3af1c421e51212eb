package io.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.auth.Access;
import io.vigil.server.monitoring.metrics.MetricsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code metrics.*} settings: on and open by default, from YAML or the environment, bad values named. */
class MetricsConfigTest {
    @Test
    void onAndOpenByDefault() {
        MetricsSettings metrics = ConfigLoader.load(null, Map.of()).metrics();
        assertThat(metrics).isEqualTo(MetricsSettings.defaults());
        assertThat(metrics.routeAccess()).isEqualTo(Access.PUBLIC);
    }

    @Test
    void fromYamlAndTheEnvironment() throws IOException {
        Path file = Files.createTempFile("vigil-metrics-", ".yaml");
        Files.writeString(file, """
                metrics:
                  public: false
                  access: admin
                  refreshSeconds: 30
                """);
        MetricsSettings fromYaml = ConfigLoader.load(file, Map.of()).metrics();
        assertThat(fromYaml).isEqualTo(new MetricsSettings(true, false, Access.ADMIN, Duration.ofSeconds(30)));
        assertThat(fromYaml.routeAccess()).isEqualTo(Access.ADMIN);
        MetricsSettings fromEnv = ConfigLoader.load(file, Map.of("VIGIL_METRICS_ACCESS", "Predict", "VIGIL_METRICS_ENABLED", "false"))
                .metrics();
        assertThat(fromEnv).isEqualTo(new MetricsSettings(false, false, Access.PREDICT, Duration.ofSeconds(30)));
        Files.delete(file);
    }

    @Test
    void badValuesStopTheStartNamingTheSetting() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_METRICS_ACCESS", "public")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metrics.access").hasMessageContaining("VIGIL_METRICS_ACCESS")
                .hasMessageContaining("read");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_METRICS_PUBLIC", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metrics.public");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_METRICS_REFRESH_SECONDS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metrics.refreshSeconds");
    }
}
