package io.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.eventlog.EventLogSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code eventLog.*} settings: on, under the data directory by default; from YAML or the environment; bad values named. */
class EventLogConfigTest {
    @Test
    void onUnderTheDataDirectoryByDefault() {
        VigilConfig config = ConfigLoader.load(null, Map.of("VIGIL_DATA_DIR", "/srv/vigil"));
        assertThat(config.eventLog()).isEqualTo(EventLogSettings.defaults(Path.of("/srv/vigil")));
        assertThat(config.eventLog().dir()).isEqualTo(Path.of("/srv/vigil/events"));
        assertThat(config.withDataDir(Path.of("/tmp/t1")).eventLog().dir()).as("moves with the data directory").isEqualTo(Path.of("/tmp/t1/events"));
    }

    @Test
    void fromYamlAndTheEnvironment() throws IOException {
        Path file = Files.createTempFile("vigil-eventlog-", ".yaml");
        Files.writeString(file, """
                eventLog:
                  dir: /var/log/vigil
                  maxFileMb: 10
                  retainFiles: 7
                  compress: false
                  fsync: always
                """);
        EventLogSettings fromYaml = ConfigLoader.load(file, Map.of()).eventLog();
        assertThat(fromYaml).isEqualTo(new EventLogSettings(true, Path.of("/var/log/vigil"), 10L << 20, 7, false, EventLogSettings.Fsync.ALWAYS));
        VigilConfig fromEnv = ConfigLoader.load(file, Map.of("VIGIL_EVENT_LOG_ENABLED", "false", "VIGIL_EVENT_LOG_FSYNC", "Never",
                "VIGIL_EVENT_LOG_RETAIN_FILES", "1"));
        assertThat(fromEnv.eventLog()).isEqualTo(new EventLogSettings(false, Path.of("/var/log/vigil"), 10L << 20, 1, false,
                EventLogSettings.Fsync.NEVER));
        assertThat(fromEnv.withDataDir(Path.of("/tmp/t2")).eventLog().dir()).as("a directory of its own stays").isEqualTo(Path.of("/var/log/vigil"));
        Files.delete(file);
    }

    @Test
    void badValuesStopTheStartNamingTheSetting() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_EVENT_LOG_FSYNC", "sometimes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("eventLog.fsync").hasMessageContaining("[never, always]");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_EVENT_LOG_RETAIN_FILES", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("eventLog.retainFiles");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_EVENT_LOG_MAX_FILE_MB", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("eventLog.maxFileMb");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_EVENT_LOG_COMPRESS", "gzip")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("eventLog.compress");
    }
}
