package io.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.limits.RateLimitSettings;
import io.vigil.server.limits.RouteGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rate limits' settings: defaults, each group and side from YAML or the environment, off, and bad values named. */
class RateLimitConfigTest {
    @Test
    void defaultsLimitEveryGroupOnBothSides() {
        RateLimitSettings limits = ConfigLoader.load(null, Map.of()).rateLimits();
        assertThat(limits).isEqualTo(RateLimitSettings.defaults());
        assertThat(limits.enabled()).isTrue();
        assertThat(limits.of(RouteGroup.LOGIN)).isEqualTo(new RateLimitSettings.Limits(0, 60));
        assertThat(limits.of(RouteGroup.UPLOADS)).isEqualTo(new RateLimitSettings.Limits(60, 120));
        assertThat(limits.of(RouteGroup.PREDICTIONS)).isEqualTo(new RateLimitSettings.Limits(1_200_000, 1_200_000));
        assertThat(limits.of(RouteGroup.OTHER)).isEqualTo(new RateLimitSettings.Limits(6_000, 12_000));
    }

    @Test
    void eachGroupAndSideIsASettingInYamlAndTheEnvironment() throws IOException {
        Path file = Files.createTempFile("vigil-rates-", ".yaml");
        Files.writeString(file, """
                rateLimits:
                  login:
                    perAddressPerMinute: 10
                  uploads:
                    perIdentityPerMinute: 5
                    perAddressPerMinute: 0
                  predictions:
                    perIdentityPerMinute: 600000
                  other:
                    perAddressPerMinute: 300
                """);
        RateLimitSettings fromYaml = ConfigLoader.load(file, Map.of()).rateLimits();
        assertThat(fromYaml.of(RouteGroup.LOGIN).perAddress()).isEqualTo(10);
        assertThat(fromYaml.of(RouteGroup.UPLOADS)).isEqualTo(new RateLimitSettings.Limits(5, 0));
        assertThat(fromYaml.of(RouteGroup.PREDICTIONS).perIdentity()).isEqualTo(600_000);
        assertThat(fromYaml.of(RouteGroup.OTHER)).isEqualTo(new RateLimitSettings.Limits(6_000, 300));

        RateLimitSettings fromEnv = ConfigLoader.load(file, Map.of("VIGIL_RATE_LOGIN_PER_ADDRESS", "3", "VIGIL_RATE_OTHER_PER_IDENTITY", "7",
                "VIGIL_RATE_PREDICTIONS_PER_ADDRESS", "0")).rateLimits();
        assertThat(fromEnv.of(RouteGroup.LOGIN).perAddress()).isEqualTo(3);
        assertThat(fromEnv.of(RouteGroup.OTHER)).isEqualTo(new RateLimitSettings.Limits(7, 300));
        assertThat(fromEnv.of(RouteGroup.PREDICTIONS)).isEqualTo(new RateLimitSettings.Limits(600_000, 0));

        assertThat(ConfigLoader.load(file, Map.of("VIGIL_RATE_LIMITS_ENABLED", "false")).rateLimits().enabled()).isFalse();
        Files.delete(file);
    }

    @Test
    void badValuesStopTheStartNamingTheSetting() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_RATE_UPLOADS_PER_IDENTITY", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rateLimits.uploads.perIdentityPerMinute")
                .hasMessageContaining("VIGIL_RATE_UPLOADS_PER_IDENTITY");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_RATE_LIMITS_ENABLED", "sometimes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rateLimits.enabled").hasMessageContaining("true or false");
    }
}
