package io.vigil.server.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.ChildServer;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the server in the middle of a training: on restart the job is found
 * interrupted and re-queued, runs again, and the model ends with exactly one version — never stuck
 * in {@code training}, never with a partial version.
 */
class TrainingCrashIT {
    @TempDir
    Path dir;

    @Test
    void aKilledTrainingIsRequeuedAndFinishesAfterRestart() throws Exception {
        Map<String, String> env = ChildServer.database(TestPostgres.freshDatabaseUrl());
        String modelId;
        String jobId;
        try (ChildServer first = ChildServer.start(dir, List.of("-Xmx512m"), env)) {
            HttpTestClient http = first.http();
            String datasetId = http.upload("/ml/datasets/upload", "flows.csv", GeneratedFlows.csv(4000, 5),
                    Map.of("name", "flows", "labelColumn", "label")).json().get("id").asText();
            modelId = http.postJson("/ml/models", """
                    {"modelName": "crashy", "modelType": "intrusion", "algorithm": "gbm", "targetVariable": "label",
                     "hyperparameters": {"rounds": 1500, "max_depth": 6, "eta": 0.05}}""").json().get("id").asText();
            jobId = http.postJson("/ml/models/" + modelId + "/train", "{\"datasetId\": \"" + datasetId + "\"}").json().get("id").asText();
            Instant deadline = Instant.now().plusSeconds(60);
            while (http.get("/ml/jobs/" + jobId).json().path("progress").path("round").asInt() < 5) {
                assertThat(Instant.now()).as("training never started: " + first.log()).isBefore(deadline);
                Thread.sleep(20);
            }
            first.kill();
        }

        try (ChildServer second = ChildServer.start(dir, List.of("-Xmx512m"), env)) {
            HttpTestClient http = second.http();
            JsonNode job = ModelLifecycleITSupport.waitForJob(http, jobId, Duration.ofMinutes(3));
            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
            assertThat(job.get("attempts").asInt()).isEqualTo(2);
            String logs = http.get("/ml/jobs/" + jobId + "/logs").text();
            assertThat(logs).containsIgnoringCase("interrupted");
            Instant deadline = Instant.now().plusSeconds(10);
            while (!"trained".equals(http.get("/ml/models/" + modelId).json().get("status").asText())) {
                assertThat(Instant.now()).isBefore(deadline);
                Thread.sleep(20);
            }
            JsonNode versions = http.get("/ml/models/" + modelId + "/versions").json();
            assertThat(versions).hasSize(1);
            assertThat(versions.get(0).get("version").asInt()).isEqualTo(1);
        }
    }
}
