package io.vigil.server.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.TestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceClockIT {

    @Test
    void aVersionsProvenanceIsDatedByTheServersClock() throws Exception {
        Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofHours(-3)); // behind, so nothing looks older than it is
        try (TestServer server = TestServer.start(Map.of(), behind)) {
            ServingFixture fixture = new ServingFixture(server.http());
            Instant before = behind.instant();
            String id = fixture.validatedModel("clocked", "intrusion", 1);
            Instant after = behind.instant();
            String createdAt = server.http().get("/ml/models/" + id + "/versions/1").json().get("provenance").get("createdAt").asText();
            assertThat(Instant.parse(createdAt)).isBetween(before, after);
        }
    }
}
