package io.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.privacy.PrivacySettings;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code storage.encryption.*}, {@code privacy.*} and {@code retention.*}: off by default; keys checked and never echoed. */
class DataProtectionConfigTest {
    private static final String KEY_1 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static final String KEY_2 = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

    @Test
    void offByDefault() {
        DataProtection protection = ConfigLoader.load(null, Map.of()).dataProtection();
        assertThat(protection.encryption()).isEmpty();
        assertThat(protection.privacy().pseudonyms()).isEmpty();
        assertThat(protection.privacy().datasetRetention()).isEmpty();
        assertThat(protection.privacy().eventRetention()).isEmpty();
        assertThat(protection.privacy().personalFields()).isEqualTo(PrivacySettings.DEFAULT_PERSONAL_FIELDS);
    }

    @Test
    void aCurrentKeyWithEarlierOnesAndRetentionPeriods() {
        VigilConfig config = ConfigLoader.load(null, Map.of("VIGIL_STORAGE_ENCRYPTION_KEY", KEY_2, "VIGIL_STORAGE_ENCRYPTION_KEY_ID", "2026-12",
                "VIGIL_STORAGE_ENCRYPTION_PREVIOUS_KEYS", "2026-06=" + KEY_1, "VIGIL_PSEUDONYM_KEY", "x".repeat(32),
                "VIGIL_PERSONAL_FIELDS", "src_ip, Account", "VIGIL_RETENTION_DATASET_DAYS", "90", "VIGIL_RETENTION_EVENT_DAYS", "365"));
        DataProtection protection = config.dataProtection();
        assertThat(protection.encryption().orElseThrow().currentId()).isEqualTo("2026-12");
        assertThat(protection.encryption().orElseThrow().ids()).isEqualTo(Set.of("2026-12", "2026-06"));
        assertThat(protection.privacy().pseudonyms().orElseThrow().isPersonal("account")).isTrue();
        assertThat(protection.privacy().pseudonyms().orElseThrow().isPersonal("dst_ip")).isFalse();
        assertThat(protection.privacy().datasetRetention()).isEqualTo(Optional.of(Duration.ofDays(90)));
        assertThat(protection.privacy().eventRetention()).isEqualTo(Optional.of(Duration.ofDays(365)));
        assertThat(config.toString()).doesNotContain(KEY_1).doesNotContain(KEY_2).doesNotContain("x".repeat(32)).contains("2026-12");
    }

    @Test
    void badKeysStopTheStartWithoutShowingThem() {
        String shortKey = Base64.getEncoder().encodeToString("too short".getBytes());
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_STORAGE_ENCRYPTION_KEY", shortKey)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("storage.encryption.key").hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_STORAGE_ENCRYPTION_KEY", "not base64 at all!")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("256-bit key in base64");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_STORAGE_ENCRYPTION_PREVIOUS_KEYS", "old=" + KEY_1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("previous keys need a current one");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_STORAGE_ENCRYPTION_KEY", KEY_2,
                "VIGIL_STORAGE_ENCRYPTION_PREVIOUS_KEYS", "1=" + KEY_1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("give the new key a new id").hasMessageNotContaining(KEY_1);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_STORAGE_ENCRYPTION_KEY", KEY_2,
                "VIGIL_STORAGE_ENCRYPTION_PREVIOUS_KEYS", "old:" + KEY_1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("id=key").hasMessageNotContaining(KEY_1);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_PSEUDONYM_KEY", "short")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("privacy.pseudonymKey").hasMessageNotContaining("short'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_RETENTION_EVENT_DAYS", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("retention.eventDays");
    }
}
