package io.vigil.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.HttpTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Waiting on jobs over HTTP, shared by the model integration tests. */
final class ModelLifecycleITSupport {
    private ModelLifecycleITSupport() {}

    static JsonNode waitForJob(HttpTestClient http, String jobId, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode job = http.get("/ml/jobs/" + jobId).json();
            String state = job.get("state").asText();
            if (List.of("succeeded", "failed", "cancelled").contains(state)) {
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job " + jobId + " still " + state + " after " + timeout + ": " + job);
            }
            Thread.sleep(20);
        }
    }
}
