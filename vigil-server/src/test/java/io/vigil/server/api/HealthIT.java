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
        }
    }
}
