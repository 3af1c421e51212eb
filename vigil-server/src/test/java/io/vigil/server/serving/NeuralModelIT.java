package io.vigil.server.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The neural algorithms reach the service through the engine's registry alone: an {@code mlp} is
 * created, trained as a job, validated, deployed and scored over HTTP, and bad
 * neural hyperparameters are refused when the model is created.
 */
class NeuralModelIT {
    static TestServer server;
    static HttpTestClient http;
    static ServingFixture fixture;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1"));
        http = server.http();
        fixture = new ServingFixture(http);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anMlpTrainsDeploysAndPredictsThroughTheApi() throws Exception {
        Response created = http.postJson("/ml/models", """
                {"modelName": "flows-mlp", "modelType": "intrusion-nn", "algorithm": "mlp", "targetVariable": "label",
                 "hyperparameters": {"hidden_layers": "16,8", "epochs": 15, "batch_size": 32, "learning_rate": 0.01}}""");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();

        Response queued = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + fixture.trainingSet + "\", \"seed\": 3}");
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        JsonNode job = fixture.waitForJob(queued.json().get("id").asText());
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("progress").get("fraction").asDouble()).isEqualTo(1.0);

        Response validated = http.postJson("/ml/models/" + id + "/validate", "{\"datasetId\": \"" + fixture.holdout + "\", \"version\": 1}");
        assertThat(validated.status()).as(validated.toString()).isEqualTo(200);
        assertThat(validated.json().get("passed").asBoolean()).as(validated.toString()).isTrue();
        fixture.deploy(id, 1);

        Map<String, Object> attack = Map.of("bytes", 40, "duration", 0.01, "dst_port", 22, "proto", "tcp");
        Map<String, Object> normal = Map.of("bytes", 30_000, "duration", 12.5, "dst_port", 443, "proto", "tcp");
        Response a = http.postJson("/ml/predict", Json.write(Map.of("modelType", "intrusion-nn", "features", attack)));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().get("label").asText()).isEqualTo("attack");
        assertThat(a.json().get("model").get("name").asText()).isEqualTo("flows-mlp");
        Response n = http.postJson("/ml/predict", Json.write(Map.of("modelType", "intrusion-nn", "features", normal)));
        assertThat(n.json().get("label").asText()).as(n.toString()).isEqualTo("normal");
    }

    @Test
    void badNeuralHyperparametersAreRefusedUpFront() {
        Response r = http.postJson("/ml/models", """
                {"modelName": "bad-mlp", "modelType": "x", "algorithm": "mlp", "targetVariable": "label",
                 "hyperparameters": {"hidden_layers": "64,zero"}}""");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.text()).contains("hidden_layers").contains("'zero'");
    }
}
