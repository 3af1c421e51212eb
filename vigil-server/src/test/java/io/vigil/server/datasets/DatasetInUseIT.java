package io.vigil.server.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A dataset a model version was trained or validated on is not deleted silently: 409 naming the
 * versions unless forced, and forced, the versions still say what the data was.
 */
class DatasetInUseIT {
    static TestServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theDataOfAVersionIsDeletedOnlyWhenForcedAndTheVersionStillSaysWhatItWas() throws Exception {
        JsonNode trainSet = upload(GeneratedFlows.csv(600, 3), "flows-a");
        JsonNode holdout = upload(GeneratedFlows.csv(300, 4), "holdout-b");
        String trainId = trainSet.get("id").asText();
        String holdoutId = holdout.get("id").asText();
        String model = model("in-use", 5);
        assertThat(awaitJob(train(model, trainId)).get("state").asText()).isEqualTo("succeeded");
        Response validated = http.postJson("/ml/models/" + model + "/validate", "{\"datasetId\": \"" + holdoutId + "\"}");
        assertThat(validated.status()).as(validated.toString()).isEqualTo(200);

        JsonNode before = http.get("/ml/models/" + model + "/versions/1").json();
        assertThat(before.get("provenance").get("dataset").get("name").asText()).isEqualTo("flows-a");
        assertThat(before.get("provenance").get("dataset").has("deletedAt")).isFalse();

        Response refused = http.delete("/ml/datasets/" + trainId);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asText()).contains("in-use v1 (trained on it)").contains("force=true");
        assertThat(http.delete("/ml/datasets/" + holdoutId).json().get("detail").asText()).contains("in-use v1 (validated on it)");
        assertThat(http.get("/ml/datasets/" + trainId).status()).isEqualTo(200); // nothing changed
        assertThat(http.delete("/ml/datasets/" + trainId + "?force=maybe").status()).isEqualTo(400);

        assertThat(http.delete("/ml/datasets/" + trainId + "?force=true").status()).isEqualTo(204);
        assertThat(http.delete("/ml/datasets/" + holdoutId + "?force=true").status()).isEqualTo(204);
        assertThat(http.get("/ml/datasets/" + trainId).status()).isEqualTo(404);

        JsonNode after = http.get("/ml/models/" + model + "/versions/1").json();
        JsonNode trainedOn = after.get("provenance").get("dataset");
        assertThat(trainedOn.get("id").asText()).isEqualTo(trainId);
        assertThat(trainedOn.get("name").asText()).isEqualTo("flows-a");
        assertThat(trainedOn.get("fileName").asText()).isEqualTo("flows-a.csv");
        assertThat(trainedOn.get("fileSha256").asText()).isEqualTo(trainSet.get("sha256").asText()).isEqualTo(after.get("datasetSha256").asText());
        assertThat(trainedOn.get("rows").asLong()).isEqualTo(600);
        assertThat(Instant.parse(trainedOn.get("deletedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(after.get("provenance").get("dataSha256").asText()).isEqualTo(before.get("provenance").get("dataSha256").asText());
        JsonNode validatedOn = after.get("validation").get("dataset");
        assertThat(validatedOn.get("name").asText()).isEqualTo("holdout-b");
        assertThat(validatedOn.has("deletedAt")).isTrue();
        assertThat(after.get("validation").get("datasetId").asText()).isEqualTo(holdoutId);
    }

    @Test
    void aDatasetAJobIsReadingIsNotDeletedEvenWhenForced() throws Exception {
        String dataset = upload(GeneratedFlows.csv(3000, 5), "busy").get("id").asText();
        String model = model("busy-model", 10_000);
        String job = train(model, dataset);
        Instant deadline = Instant.now().plusSeconds(30);
        while (!List.of("running", "succeeded").contains(http.get("/ml/jobs/" + job).json().get("state").asText())) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(20);
        }
        Response refused = http.delete("/ml/datasets/" + dataset + "?force=true");
        http.send("POST", "/ml/jobs/" + job + "/cancel", null, new byte[0]);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("train job " + job).contains("cancel the job");
        awaitJob(job);
        assertThat(http.delete("/ml/datasets/" + dataset).status()).isEqualTo(204); // no version was made: nothing refers to it
    }

    private static JsonNode upload(byte[] csv, String name) {
        Response r = http.upload("/ml/datasets/upload", name + ".csv", csv, Map.of("name", name, "labelColumn", "label"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    private static String model(String name, int rounds) {
        Response r = http.postJson("/ml/models", "{\"modelName\": \"" + name + "\", \"modelType\": \"" + name
                + "\", \"algorithm\": \"gbm\", \"targetVariable\": \"label\", \"hyperparameters\": {\"rounds\": " + rounds + "}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static String train(String model, String dataset) {
        Response r = http.postJson("/ml/models/" + model + "/train", "{\"datasetId\": \"" + dataset + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().get("id").asText();
    }

    private static JsonNode awaitJob(String jobId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            JsonNode job = http.get("/ml/jobs/" + jobId).json();
            if (List.of("succeeded", "failed", "cancelled").contains(job.get("state").asText())) {
                return job;
            }
            assertThat(Instant.now()).as("job " + jobId + " did not end").isBefore(deadline);
            Thread.sleep(20);
        }
    }
}
