package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.config.ConfigLoader;
import io.vigil.server.config.VigilConfig;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestLogin;
import io.vigil.server.testing.TestServer;
import io.vigil.server.testing.HttpTestClient.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: Vigil starts its own PostgreSQL under the data directory, and data survives a restart. */
class EmbeddedRestartIT {
    @TempDir
    Path dataDir;

    @Test
    void datasetsSurviveARestartOfTheEmbeddedDefault() {
        VigilConfig config = ConfigLoader.load(null, Map.of("VIGIL_PORT", "0", "VIGIL_DATA_DIR", dataDir.toString(),
                "VIGIL_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD));
        assertThat(config.embeddedDatabase()).isTrue();
        byte[] content = "host,cpu\nweb-1,0.5\nweb-2,0.75\n".getBytes(StandardCharsets.UTF_8);
        String id;
        try (Vigil vigil = Vigil.start(config)) {
            HttpTestClient http = admin(vigil);
            Response r = http.upload("/ml/datasets", "hosts.csv", content, Map.of("name", "hosts"));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            id = r.json().get("id").asText();
        }
        assertThat(Files.isDirectory(dataDir.resolve("postgres"))).isTrue();
        try (Vigil vigil = Vigil.start(config)) {
            HttpTestClient http = admin(vigil);
            assertThat(http.get("/ml/datasets/" + id).json().get("name").asText()).isEqualTo("hosts");
            assertThat(http.get("/ml/datasets/" + id + "/download").body()).isEqualTo(content);
            assertThat(http.get("/ready").json().get("status").asText()).isEqualTo("UP");
        }
    }

    private static HttpTestClient admin(Vigil vigil) {
        String base = "http://127.0.0.1:" + vigil.port();
        return new HttpTestClient(base).as("Authorization", new TestLogin(base, "admin", TestServer.ADMIN_PASSWORD));
    }
}
