package io.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.monitoring.alerts.channels.ChannelSettings;
import io.vigil.server.monitoring.alerts.channels.DeliveryPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert channels' settings ({@code alerts.smtp.*}, {@code alerts.delivery.*}, {@code alerts.publicUrl}): defaults, YAML, environment, refusals. */
class AlertChannelsConfigTest {
    @TempDir
    Path dir;

    @Test
    void byDefaultNoEmailFiveTriesOverFifteenMinutesAndNoLinks() {
        ChannelSettings s = ConfigLoader.load(null, Map.of()).alertChannels();
        assertThat(s.smtp().configured()).isFalse();
        assertThat(s.smtp().port()).isEqualTo(587);
        assertThat(s.smtp().startTls()).isTrue();
        assertThat(s.delivery()).isEqualTo(DeliveryPolicy.DEFAULTS);
        assertThat(s.delivery().maxAttempts()).isEqualTo(5);
        assertThat(s.delivery().firstBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.publicUrl()).isEmpty();
        assertThat(s.alertLink(java.util.UUID.randomUUID())).isNull();
    }

    @Test
    void yamlAndEnvironmentSetThemAndThePasswordIsNeverShown() throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.yaml"), """
                alerts:
                  publicUrl: https://vigil.soc.example/
                  smtp:
                    host: smtp.soc.example
                    port: 2525
                    username: vigil
                    password: yaml-smtp-password
                    from: vigil@soc.example
                  delivery:
                    maxAttempts: 8
                    backoffSeconds: 30
                    threads: 2
                    breakerCalls: 10
                    breakerOpenSeconds: 120
                    keepDays: 7
                """);
        VigilConfig config = ConfigLoader.load(file, Map.of("VIGIL_ALERTS_SMTP_STARTTLS", "false", "VIGIL_ALERTS_DELIVERY_THREADS", "6"));
        ChannelSettings s = config.alertChannels();
        assertThat(s.smtp().host()).isEqualTo("smtp.soc.example");
        assertThat(s.smtp().port()).isEqualTo(2525);
        assertThat(s.smtp().password()).isEqualTo("yaml-smtp-password");
        assertThat(s.smtp().startTls()).isFalse();
        assertThat(s.delivery()).isEqualTo(new DeliveryPolicy(8, Duration.ofSeconds(30), 6, 10, Duration.ofSeconds(120), 7));
        assertThat(s.alertLink(java.util.UUID.fromString("0b9f6a56-3c1e-4a57-9d55-2f0a7f1f4c11")))
                .isEqualTo("https://vigil.soc.example/ml/alerts/0b9f6a56-3c1e-4a57-9d55-2f0a7f1f4c11");
        assertThat(config.toString()).contains("host=smtp.soc.example", "password=****").doesNotContain("yaml-smtp-password");
        assertThat(s.smtp().toString()).doesNotContain("yaml-smtp-password");
    }

    @Test
    void badValuesStopTheStartNamingTheSettingAndNeverThePassword() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_ALERTS_SMTP_HOST", "smtp.soc.example")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alerts.smtp.from");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_ALERTS_SMTP_HOST", "smtp.soc.example",
                "VIGIL_ALERTS_SMTP_FROM", "vigil@soc.example", "VIGIL_ALERTS_SMTP_PASSWORD", "lonely-password")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alerts.smtp.username").hasMessageNotContaining("lonely-password");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_ALERTS_SMTP_PASSWORD", "x".repeat(2000))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alerts.smtp.password").hasMessageNotContaining("xxxx");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_ALERTS_PUBLIC_URL", "vigil.soc.example")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alerts.publicUrl");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_ALERTS_DELIVERY_MAX_ATTEMPTS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alerts.delivery.maxAttempts");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_ALERTS_DELIVERY_BACKOFF_SECONDS", "99999")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("from 1 to 3600");
    }
}
