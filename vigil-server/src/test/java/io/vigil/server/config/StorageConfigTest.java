package io.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.storage.StorageSettings;
import io.vigil.server.storage.s3.S3Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code storage.*}: the driver, presigned URLs' lifetime, S3's and Azure's settings, and their errors at start. */
class StorageConfigTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @TempDir
    Path dir;

    @Test
    void theLocalDiskIsTheDefaultWithFifteenMinuteUrls() {
        StorageSettings storage = ConfigLoader.load(null, Map.of()).storage();
        assertThat(storage.driver()).isEqualTo("local");
        assertThat(storage.urlLifetime()).isEqualTo(Duration.ofMinutes(15));
        assertThat(storage.s3()).isNull();
    }

    @Test
    void s3FromYamlWithTheSecretFromTheEnvironment() throws IOException {
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(file, """
                storage:
                  driver: s3
                  urlExpireSeconds: 600
                  s3:
                    endpoint: http://minio.internal:9000
                    region: eu-west-1
                    bucket: vigil-blobs
                    prefix: prod/
                    accessKey: AKIAEXAMPLE
                    pathStyle: true
                    serverSideEncryption: aws:kms
                    kmsKeyId: alias/vigil
                """);
        VigilConfig config = ConfigLoader.load(file, Map.of("VIGIL_S3_SECRET_KEY", SECRET));
        S3Settings s3 = config.storage().s3();
        assertThat(config.storageDriver()).isEqualTo("s3");
        assertThat(config.storage().urlLifetime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s3.endpoint()).hasToString("http://minio.internal:9000");
        assertThat(s3.region()).isEqualTo("eu-west-1");
        assertThat(s3.bucket()).isEqualTo("vigil-blobs");
        assertThat(s3.prefix()).isEqualTo("prod/");
        assertThat(s3.accessKey()).isEqualTo("AKIAEXAMPLE");
        assertThat(s3.secretKey()).isEqualTo(SECRET);
        assertThat(s3.pathStyle()).isTrue();
        assertThat(s3.sse()).isEqualTo("aws:kms");
        assertThat(s3.kmsKeyId()).isEqualTo("alias/vigil");
        assertThat(config.toString()).contains("vigil-blobs").doesNotContain(SECRET).doesNotContain("AKIAEXAMPLE");
    }

    @Test
    void theEnvironmentAloneConfiguresS3AndTheDefaultChainIsAllowed() {
        S3Settings s3 = ConfigLoader.load(null, Map.of("VIGIL_STORAGE_DRIVER", "s3", "VIGIL_S3_BUCKET", "vigil-blobs",
                "VIGIL_S3_REGION", "us-west-2")).storage().s3();
        assertThat(s3.endpoint()).isNull();
        assertThat(s3.staticCredentials()).isFalse();
        assertThat(s3.pathStyle()).isFalse();
        assertThat(s3.sse()).isNull();
    }

    @Test
    void whatS3LacksOrGetsWrongStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> load("VIGIL_STORAGE_DRIVER", "s3"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_S3_BUCKET").hasMessageContaining("required");
        assertThatThrownBy(() -> load("VIGIL_STORAGE_DRIVER", "s3", "VIGIL_S3_BUCKET", "Not_A_Bucket"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("storage.s3.bucket");
        assertThatThrownBy(() -> load("VIGIL_STORAGE_DRIVER", "s3", "VIGIL_S3_BUCKET", "vigil", "VIGIL_S3_SECRET_KEY", SECRET))
                .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_S3_ACCESS_KEY").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> load("VIGIL_STORAGE_DRIVER", "s3", "VIGIL_S3_BUCKET", "vigil", "VIGIL_S3_SSE", "DES"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("AES256");
        assertThatThrownBy(() -> load("VIGIL_STORAGE_DRIVER", "s3", "VIGIL_S3_BUCKET", "vigil", "VIGIL_S3_KMS_KEY_ID", "alias/x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("aws:kms");
        assertThatThrownBy(() -> load("VIGIL_STORAGE_DRIVER", "s3", "VIGIL_S3_BUCKET", "vigil", "VIGIL_S3_ENDPOINT", "minio:9000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_S3_ENDPOINT");
        assertThatThrownBy(() -> load("VIGIL_STORAGE_DRIVER", "s3", "VIGIL_S3_BUCKET", "vigil", "VIGIL_S3_PREFIX", "../up/"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_S3_PREFIX");
        assertThatThrownBy(() -> load("VIGIL_STORAGE_URL_EXPIRE_SECONDS", "7200"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("storage.urlExpireSeconds");
        assertThatThrownBy(() -> load("VIGIL_STORAGE_DRIVER", "gcs"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("s3");
    }

    @Test
    void azureTakesAConnectionStringOrAnAccountAndKey() {
        String connection = "DefaultEndpointsProtocol=https;AccountName=vigil;AccountKey=" + SECRET + ";EndpointSuffix=core.windows.net";
        VigilConfig byString = load("VIGIL_STORAGE_DRIVER", "azure", "VIGIL_AZURE_CONNECTION_STRING", connection,
                "VIGIL_AZURE_CONTAINER", "vigil-blobs");
        assertThat(byString.storage().azure().connectionString()).isEqualTo(connection);
        assertThat(byString.toString()).contains("vigil-blobs").doesNotContain(SECRET);
        VigilConfig byKey = load("VIGIL_STORAGE_DRIVER", "azure", "VIGIL_AZURE_ACCOUNT", "vigil", "VIGIL_AZURE_ACCOUNT_KEY", SECRET,
                "VIGIL_AZURE_CONTAINER", "vigil-blobs");
        assertThat(byKey.storage().azure().endpointOrDefault()).isEqualTo("https://vigil.blob.core.windows.net");

        assertThatThrownBy(() -> load("VIGIL_STORAGE_DRIVER", "azure", "VIGIL_AZURE_ACCOUNT", "vigil", "VIGIL_AZURE_ACCOUNT_KEY", SECRET))
                .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_AZURE_CONTAINER").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> load("VIGIL_STORAGE_DRIVER", "azure", "VIGIL_AZURE_ACCOUNT", "vigil", "VIGIL_AZURE_CONTAINER", "c-1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_AZURE_ACCOUNT_KEY");
        assertThatThrownBy(() -> load("VIGIL_STORAGE_DRIVER", "azure", "VIGIL_AZURE_CONNECTION_STRING", connection,
                "VIGIL_AZURE_ACCOUNT", "vigil", "VIGIL_AZURE_ACCOUNT_KEY", SECRET, "VIGIL_AZURE_CONTAINER", "c-1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not both").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> load("VIGIL_STORAGE_DRIVER", "azure", "VIGIL_AZURE_CONNECTION_STRING", connection,
                "VIGIL_AZURE_CONTAINER", "Bad_Container"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("storage.azure.container");
    }

    private static VigilConfig load(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return ConfigLoader.load(null, env);
    }
}
