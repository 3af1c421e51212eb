package io.vigil.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.config.ConfigException;
import io.vigil.server.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code grpc.*}: off unless enabled, port 8081 by default, never an HTTP port. */
class GrpcSettingsTest {
    @Test
    void offUnlessEnabledOnThePipelineServicesPort() {
        GrpcSettings defaults = ConfigLoader.load(null, Map.of()).edge().grpc();
        assertThat(defaults.enabled()).isFalse();
        assertThat(defaults.port()).isEqualTo(8081);
        GrpcSettings set = ConfigLoader.load(null, Map.of("VIGIL_GRPC_ENABLED", "true", "VIGIL_GRPC_PORT", "9101")).edge().grpc();
        assertThat(set).isEqualTo(new GrpcSettings(true, 9101));
    }

    @Test
    void aPortTheHttpServerTakesIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_GRPC_ENABLED", "true", "VIGIL_PORT", "8081")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("grpc.port").hasMessageContaining("VIGIL_GRPC_PORT");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_GRPC_ENABLED", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("grpc.enabled");
        assertThat(ConfigLoader.load(null, Map.of("VIGIL_PORT", "8081")).edge().grpc().enabled()).isFalse(); // off: no clash
    }
}
