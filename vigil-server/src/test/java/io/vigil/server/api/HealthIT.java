package io.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.TestServer;
import org.junit.jupiter.api.Test;

class HealthIT {
    @Test
    void livenessAndReadinessReportTheirChecks() {
        try (TestServer server = TestServer.start()) {
            JsonNode health = server.http().get("/health").json();
            assertThat(health.get("status").asText()).isEqualTo("UP");
            JsonNode ready = server.http().get("/ready").json();
            assertThat(ready.get("status").asText()).isEqualTo("UP");
            assertThat(ready.get("checks").get("database").get("status").asText()).isEqualTo("UP");
            assertThat(ready.get("checks").get("storage").get("status").asText()).isEqualTo("UP");
            // the Open Inference Protocol's readiness runs the same checks
            assertThat(server.http().get("/v2/health/ready").json().get("ready").asBoolean()).isTrue();
            // answers go out uncompressed, whatever the client accepts
            var plain = server.http().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.http().base() + "/health"))
                    .header("Accept-Encoding", "gzip, br, zstd").GET());
            assertThat(plain.header("Content-Encoding")).isNull();
            assertThat(plain.json().get("status").asText()).isEqualTo("UP");
        }
    }
}
