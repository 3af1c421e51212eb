package io.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.engine.drift.DriftSettings;
import io.vigil.server.monitoring.drift.DriftConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code drift.*} settings: the defaults under each model's own, checked at start as a model's are checked. */
class DriftConfigTest {

    @Test
    void theDefaultsAreEvidentlys() {
        DriftConfig drift = ConfigLoader.load(null, Map.of()).drift();
        assertThat(drift.defaults()).isEqualTo(DriftSettings.DEFAULTS);
        assertThat(drift.maxRows()).isEqualTo(100_000);
    }

    @Test
    void methodsThresholdsAndLimitsAreRead() {
        DriftConfig drift = ConfigLoader.load(null, Map.of("VIGIL_DRIFT_NUMERIC_METHOD", "KS", "VIGIL_DRIFT_NUMERIC_THRESHOLD", "0.01",
                "VIGIL_DRIFT_CATEGORICAL_METHOD", "psi", "VIGIL_DRIFT_SHARE", "0.3", "VIGIL_DRIFT_MIN_ROWS", "100",
                "VIGIL_DRIFT_MAX_ROWS", "20000")).drift();
        assertThat(drift.defaults().numericMethod()).isEqualTo("ks");
        assertThat(drift.defaults().numericThreshold()).isEqualTo(0.01);
        assertThat(drift.defaults().categoricalMethod()).isEqualTo("psi");
        assertThat(drift.defaults().categoricalThreshold()).isNull();
        assertThat(drift.defaults().driftShare()).isEqualTo(0.3);
        assertThat(drift.defaults().minRows()).isEqualTo(100);
        assertThat(drift.maxRows()).isEqualTo(20_000);
    }

    @Test
    void aBadValueStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_DRIFT_NUMERIC_METHOD", "chisquared")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_DRIFT_NUMERIC_METHOD");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_DRIFT_CATEGORICAL_METHOD", "ks")))
                .isInstanceOf(ConfigException.class).hasMessage("setting drift.categoricalMethod ks does not apply to categorical inputs");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_DRIFT_NUMERIC_THRESHOLD", "0.2")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("drift.numericThreshold needs a named method, not auto");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_DRIFT_NUMERIC_METHOD", "ks", "VIGIL_DRIFT_NUMERIC_THRESHOLD", "5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be a p-value");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_DRIFT_SHARE", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("drift.driftShare");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_DRIFT_MAX_ROWS", "5000000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_DRIFT_MAX_ROWS");
    }
}
