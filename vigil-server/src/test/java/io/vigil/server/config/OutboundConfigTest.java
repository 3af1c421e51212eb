package io.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.outbound.OutboundSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbound client's settings: defaults, {@code vigil.yaml}, {@code VIGIL_OUTBOUND_*}, and a bad allowlist stopping the start. */
class OutboundConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAllowNothingInternal() {
        OutboundSettings o = ConfigLoader.load(null, Map.of()).outbound();
        assertThat(o.allow()).hasToString("");
        assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(o.maxRedirects()).isEqualTo(3);
        assertThat(o.maxResponseBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void yamlAndEnvironmentSetThem() throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.yaml"), """
                outbound:
                  allow: 10.20.0.0/16, alerts.internal:8443
                  connectTimeoutSeconds: 2
                  timeoutSeconds: 30
                  maxRedirects: 0
                  maxResponseKb: 64
                """);
        OutboundSettings fromYaml = ConfigLoader.load(file, Map.of()).outbound();
        assertThat(fromYaml.allow()).hasToString("10.20.0.0/16,alerts.internal:8443");
        assertThat(fromYaml.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(fromYaml.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fromYaml.maxRedirects()).isZero();
        assertThat(fromYaml.maxResponseBytes()).isEqualTo(64 * 1024);
        OutboundSettings fromEnv = ConfigLoader.load(file, Map.of("VIGIL_OUTBOUND_ALLOW", "127.0.0.1:9000", "VIGIL_OUTBOUND_MAX_REDIRECTS", "5")).outbound();
        assertThat(fromEnv.allow()).hasToString("127.0.0.1:9000");
        assertThat(fromEnv.maxRedirects()).isEqualTo(5);
        assertThat(ConfigLoader.load(file, Map.of()).toString()).contains("outboundAllow=10.20.0.0/16,alerts.internal:8443");
    }

    @Test
    void aBadAllowlistStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_OUTBOUND_ALLOW", "10.0.0.0/33")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("outbound.allow").hasMessageContaining("VIGIL_OUTBOUND_ALLOW")
                .hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_OUTBOUND_MAX_REDIRECTS", "50")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("from 0 to 10");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_OUTBOUND_TIMEOUT_SECONDS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("outbound.timeoutSeconds");
    }
}
