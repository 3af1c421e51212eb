package io.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsWhenNothingIsSet() {
        VigilConfig c = ConfigLoader.load(null, Map.of());
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.embeddedDatabase()).isTrue();
        assertThat(c.maxUploadMb()).isEqualTo(1024);
        assertThat(c.storageDriver()).isEqualTo("local");
        assertThat(c.logFormat()).isEqualTo("text");
        assertThat(c.dataDir()).isAbsolute();
    }

    @Test
    void yamlOverridesDefaultsAndEnvironmentOverridesYaml() throws IOException {
        Path file = yaml("""
                server:
                  port: 9000
                  host: 0.0.0.0
                uploads:
                  maxMb: 5
                database:
                  url: jdbc:postgresql://db:5432/vigil
                  password: s3cret
                """);
        VigilConfig fromYaml = ConfigLoader.load(file, Map.of());
        assertThat(fromYaml.port()).isEqualTo(9000);
        assertThat(fromYaml.host()).isEqualTo("0.0.0.0");
        assertThat(fromYaml.maxUploadBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(fromYaml.dbUrl()).isEqualTo("jdbc:postgresql://db:5432/vigil");

        VigilConfig fromEnv = ConfigLoader.load(file, Map.of("VIGIL_PORT", "9100", "VIGIL_MAX_UPLOAD_MB", "7"));
        assertThat(fromEnv.port()).isEqualTo(9100);
        assertThat(fromEnv.maxUploadMb()).isEqualTo(7);
        assertThat(fromEnv.host()).isEqualTo("0.0.0.0");
    }

    @Test
    void theBodyTimeoutIsASettingOfWholeSeconds() throws IOException {
        assertThat(ConfigLoader.load(null, Map.of()).bodyTimeoutSeconds()).isEqualTo(20);
        assertThat(ConfigLoader.load(yaml("server:\n  bodyTimeoutSeconds: 45\n"), Map.of()).bodyTimeoutSeconds()).isEqualTo(45);
        assertThat(ConfigLoader.load(null, Map.of("VIGIL_BODY_TIMEOUT_SECONDS", "5")).bodyTimeoutSeconds()).isEqualTo(5);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_BODY_TIMEOUT_SECONDS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_BODY_TIMEOUT_SECONDS");
    }

    @Test
    void thePredictionLogIsKeptThirtyDaysUnlessSetOtherwise() throws IOException {
        assertThat(ConfigLoader.load(null, Map.of()).monitoringRetentionDays()).isEqualTo(30);
        assertThat(ConfigLoader.load(yaml("monitoring:\n  retentionDays: 90\n"), Map.of()).monitoringRetentionDays()).isEqualTo(90);
        assertThat(ConfigLoader.load(null, Map.of("VIGIL_PREDICTION_RETENTION_DAYS", "7")).monitoringRetentionDays()).isEqualTo(7);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_PREDICTION_RETENTION_DAYS", "366")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_PREDICTION_RETENTION_DAYS");
    }

    @Test
    void experimentsAreJudgedEveryMinuteWithATenThousandCopyShadowQueueUnlessSetOtherwise() throws IOException {
        assertThat(ConfigLoader.load(null, Map.of()).experiments().evaluateEvery()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(ConfigLoader.load(null, Map.of()).experiments().shadowQueue()).isEqualTo(10_000);
        VigilConfig set = ConfigLoader.load(yaml("experiments:\n  evaluateSeconds: 5\n  shadowQueue: 500\n"), Map.of());
        assertThat(set.experiments().evaluateEvery()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(set.experiments().shadowQueue()).isEqualTo(500);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_EXPERIMENTS_SHADOW_QUEUE", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_EXPERIMENTS_SHADOW_QUEUE");
    }

    @Test
    void configFileCanComeFromTheEnvironment() throws IOException {
        Path file = yaml("server:\n  port: 9200\n");
        assertThat(ConfigLoader.load(null, Map.of("VIGIL_CONFIG", file.toString())).port()).isEqualTo(9200);
    }

    @Test
    void aBadValueStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_PORT", "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.port").hasMessageContaining("VIGIL_PORT").hasMessageContaining("eighty");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_PORT", "70000")))
                .hasMessageContaining("from 0 to 65535");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_STORAGE_DRIVER", "ftp")))
                .hasMessageContaining("storage.driver").hasMessageContaining("local");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_DB_URL", "mysql://x")))
                .hasMessageContaining("database.url");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_LOG_FORMAT", "xml")))
                .hasMessageContaining("logging.format");
    }

    @Test
    void unknownYamlSettingsAndMissingFilesAreErrors() throws IOException {
        Path file = yaml("server:\n  prot: 9000\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.prot");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
        Path broken = yaml("server: [port: 1\n");
        assertThatThrownBy(() -> ConfigLoader.load(broken, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void thePasswordNeverAppearsInTheTextForm() {
        VigilConfig c = ConfigLoader.load(null, Map.of("VIGIL_DB_PASSWORD", "hunter2"));
        assertThat(c.dbPassword()).isEqualTo("hunter2");
        assertThat(c.toString()).doesNotContain("hunter2");
    }

    @Test
    void theEdgeHasSafeDefaults() {
        EdgeConfig edge = ConfigLoader.load(null, Map.of()).edge();
        assertThat(edge.tls()).isNull();
        assertThat(edge.allowedHosts()).isEmpty();
        assertThat(edge.allowedOrigins()).isEmpty();
        assertThat(edge.corsOrigins()).isEmpty();
        assertThat(edge.maxHeaderBytes()).isEqualTo(8192);
        assertThat(edge.maxUriLength()).isEqualTo(8192);
        assertThat(edge.maxQueryParameters()).isEqualTo(100);
        assertThat(edge.maxUploadParts()).isEqualTo(100);
    }

    @Test
    void hostsAndOriginsAreListsInEitherSource() throws IOException {
        EdgeConfig fromEnv = ConfigLoader.load(null, Map.of("VIGIL_ALLOWED_HOSTS", "Vigil.SOC.example., vigil-2.internal",
                "VIGIL_ALLOWED_ORIGINS", "https://Dash.example/, http://10.0.0.5:3000", "VIGIL_CORS_ORIGINS", "https://[::1]:8443")).edge();
        assertThat(fromEnv.allowedHosts()).containsExactly("vigil.soc.example", "vigil-2.internal");
        assertThat(fromEnv.allowedOrigins()).containsExactly("https://dash.example", "http://10.0.0.5:3000");
        assertThat(fromEnv.corsOrigins()).containsExactly("https://[::1]:8443");

        EdgeConfig fromYaml = ConfigLoader.load(yaml("""
                server:
                  allowedHosts: [vigil.soc.example]
                  corsOrigins:
                    - https://dash.soc.example
                    - https://grafana.soc.example:3000
                  maxQueryParameters: 20
                uploads:
                  maxParts: 12
                """), Map.of()).edge();
        assertThat(fromYaml.allowedHosts()).containsExactly("vigil.soc.example");
        assertThat(fromYaml.corsOrigins()).containsExactly("https://dash.soc.example", "https://grafana.soc.example:3000");
        assertThat(fromYaml.maxQueryParameters()).isEqualTo(20);
        assertThat(fromYaml.maxUploadParts()).isEqualTo(12);
    }

    @Test
    void badHostsOriginsAndLimitsStopTheStart() {
        for (String origin : new String[] {"*", "https://dash.example/app", "dash.example", "ftp://dash.example", "https://*.example",
                "https://dash.example?x=1"}) {
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_CORS_ORIGINS", origin))).as(origin)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_CORS_ORIGINS").hasMessageContaining("no wildcard");
        }
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_ALLOWED_ORIGINS", "null")))
                .hasMessageContaining("VIGIL_ALLOWED_ORIGINS");
        for (String host : new String[] {"vigil.example:8443", "https://vigil.example", "*.example", "a b"}) {
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_ALLOWED_HOSTS", host))).as(host)
                    .hasMessageContaining("VIGIL_ALLOWED_HOSTS");
        }
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_MAX_URI_LENGTH", "9000")))
                .hasMessageContaining("VIGIL_MAX_URI_LENGTH").hasMessageContaining("VIGIL_MAX_HEADER_BYTES");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_MAX_UPLOAD_PARTS", "1")))
                .hasMessageContaining("uploads.maxParts");
    }

    private Path yaml(String text) throws IOException {
        Path file = Files.createTempFile(dir, "vigil", ".yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void identitySettingsHaveSafeDefaultsAndASecretIsNeverRepeated() throws IOException {
        VigilConfig defaults = ConfigLoader.load(null, Map.of());
        assertThat(defaults.auth().adminPassword()).as("generated at the first start").isNull();
        assertThat(defaults.auth().jwtSecret()).as("generated and kept in the database").isNull();
        assertThat(defaults.auth().tokenTtl()).hasMinutes(15);
        assertThat(defaults.auth().cacheTtl()).hasSeconds(5);
        assertThat(defaults.auth().issuer()).isEqualTo("vigil");

        VigilConfig set = ConfigLoader.load(yaml("auth:\n  tokenTtlSeconds: 60\n  loginMaxFailures: 3\n"),
                Map.of("VIGIL_ADMIN_PASSWORD", "a long admin passphrase", "VIGIL_JWT_SECRET", "x".repeat(32)));
        assertThat(set.auth().tokenTtl()).hasSeconds(60);
        assertThat(set.auth().loginMaxFailures()).isEqualTo(3);
        assertThat(set.toString()).doesNotContain("a long admin passphrase").doesNotContain("x".repeat(32)).contains("adminPassword=****");

        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_ADMIN_PASSWORD", "too-short")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_ADMIN_PASSWORD").hasMessageContaining("12 to 1024")
                .hasMessageNotContaining("too-short");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_JWT_SECRET", "too-short-to-sign")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_JWT_SECRET").hasMessageNotContaining("too-short-to-sign");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_TOKEN_TTL_SECONDS", "5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_TOKEN_TTL_SECONDS");
    }
}
