package io.vigil.server.serving;

import io.vigil.server.testing.GeneratedFlows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Makes models over HTTP the way a user does: upload, create, train, validate, deploy. */
public final class ServingFixture {
    private final HttpTestClient http;
    final String trainingSet;
    final String holdout;

    public ServingFixture(HttpTestClient http) {
        this(http, true);
    }

    /** With {@code generatedData} false, only the HTTP helpers (no datasets uploaded). */
    public ServingFixture(HttpTestClient http, boolean generatedData) {
        this.http = http;
        this.trainingSet = generatedData ? upload("flows.csv", GeneratedFlows.csv(2000, 11)) : null;
        this.holdout = generatedData ? upload("holdout.csv", GeneratedFlows.csv(600, 99)) : null;
    }

    /** A gradient-boosting model of {@code type} with {@code versions} trained and validated versions. */
    public String validatedModel(String name, String type, int versions) throws InterruptedException {
        Response created = http.postJson("/ml/models", "{\"modelName\": \"" + name + "\", \"modelType\": \"" + type
                + "\", \"algorithm\": \"gbm\", \"targetVariable\": \"label\", \"hyperparameters\": {\"rounds\": 8, \"max_depth\": 3}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        for (int v = 1; v <= versions; v++) {
            Response queued = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + trainingSet + "\", \"seed\": " + v + "}");
            assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
            JsonNode job = waitForJob(queued.json().get("id").asText());
            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
            awaitStatusNot(id, "training");
            Response validated = http.postJson("/ml/models/" + id + "/validate",
                    "{\"datasetId\": \"" + holdout + "\", \"version\": " + v + "}");
            assertThat(validated.json().get("passed").asBoolean()).as(validated.toString()).isTrue();
        }
        return id;
    }

    public void deploy(String modelId, int version) {
        Response r = http.postJson("/ml/models/" + modelId + "/deploy", "{\"version\": " + version + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private String upload(String name, byte[] csv) {
        Response r = http.upload("/ml/datasets/upload", name, csv, Map.of("name", name, "labelColumn", "label"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    public JsonNode waitForJob(String jobId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (true) {
            JsonNode job = http.get("/ml/jobs/" + jobId).json();
            if (List.of("succeeded", "failed", "cancelled").contains(job.get("state").asText())) {
                return job;
            }
            assertThat(Instant.now()).as("job " + jobId + " never ended: " + job).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    private void awaitStatusNot(String id, String status) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (status.equals(http.get("/ml/models/" + id).json().get("status").asText())) {
            assertThat(Instant.now()).as(id + " stays " + status).isBefore(deadline);
            Thread.sleep(20);
        }
    }
}
