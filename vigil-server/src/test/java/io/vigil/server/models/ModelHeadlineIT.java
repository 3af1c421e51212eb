package io.vigil.server.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the list and {@code GET /ml/models/{id}} headline: the hold-out and validation figures of
 * the version that serves (deployed, else latest), not the latest version's hold-out score alone.
 */
class ModelHeadlineIT {
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
    void theDeployedVersionsHoldOutAndValidationFiguresAreHeadlinedSideBySide() throws Exception {
        String train = upload(GeneratedFlows.csv(2000, 41), "headline-train");
        String other = upload(GeneratedFlows.csv(600, 42), "headline-other");
        Response created = http.postJson("/ml/models", "{\"modelName\": \"headline-gbm\", \"modelType\": \"slot-headline\", "
                + "\"algorithm\": \"gbm\", \"targetVariable\": \"label\", \"hyperparameters\": {\"rounds\": 5, \"max_depth\": 2}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(listed(id).get("headline").isNull()).isTrue(); // no version yet

        train(id, train, "{\"rounds\": 5, \"max_depth\": 2}");
        JsonNode fresh = http.get("/ml/models/" + id).json().get("headline");
        assertThat(fresh.get("version").asInt()).isEqualTo(1);
        assertThat(fresh.get("deployed").asBoolean()).isFalse();
        assertThat(fresh.get("holdOut")).isEqualTo(http.get("/ml/models/" + id + "/versions/1").json().get("metrics"));
        assertThat(fresh.get("validation").isNull()).isTrue();

        Response validated = http.postJson("/ml/models/" + id + "/validate",
                "{\"datasetId\": \"" + other + "\", \"thresholds\": {\"accuracy\": 0.5}}");
        assertThat(validated.json().get("passed").asBoolean()).as(validated.toString()).isTrue();
        assertThat(http.postJson("/ml/models/" + id + "/deploy", "{}").status()).isEqualTo(200);
        // a second version, trained but not deployed: version 1 still serves, and is what is headlined
        train(id, train, "{\"rounds\": 30, \"max_depth\": 6}");
        JsonNode v1 = http.get("/ml/models/" + id + "/versions/1").json();
        JsonNode v2 = http.get("/ml/models/" + id + "/versions/2").json();
        assertThat(v2.get("metrics")).isNotEqualTo(v1.get("metrics"));

        for (JsonNode model : new JsonNode[] {http.get("/ml/models/" + id).json(), listed(id)}) {
            assertThat(model.get("latestVersion").asInt()).isEqualTo(2);
            JsonNode headline = model.get("headline");
            assertThat(headline.get("version").asInt()).as(model.toString()).isEqualTo(1);
            assertThat(headline.get("deployed").asBoolean()).isTrue();
            assertThat(headline.get("holdOut")).isEqualTo(v1.get("metrics"));
            JsonNode validation = headline.get("validation");
            assertThat(validation.get("datasetId").asText()).isEqualTo(other);
            assertThat(validation.get("datasetName").asText()).isEqualTo("headline-other");
            assertThat(validation.get("passed").asBoolean()).isTrue();
            assertThat(validation.get("metrics")).isEqualTo(validated.json().get("metrics"));
            assertThat(validation.get("validatedAt").asText()).isEqualTo(validated.json().get("validatedAt").asText());
            assertThat(model.get("latestMetrics")).isEqualTo(v2.get("metrics")); // unchanged: the newest training's
        }

        // the validation dataset deleted since (by force: versions were validated on it): its id and name stay
        assertThat(http.delete("/ml/datasets/" + other).status()).isEqualTo(409);
        assertThat(http.delete("/ml/datasets/" + other + "?force=true").status()).isEqualTo(204);
        JsonNode orphan = listed(id).get("headline").get("validation");
        assertThat(orphan.get("datasetId").asText()).isEqualTo(other);
        assertThat(orphan.get("datasetName").asText()).isEqualTo("headline-other");
    }

    private static JsonNode listed(String id) {
        for (JsonNode model : http.get("/ml/models?type=slot-headline").json().get("items")) {
            if (model.get("id").asText().equals(id)) return model;
        }
        throw new AssertionError("model " + id + " is not listed");
    }

    private static void train(String id, String dataset, String hyperparameters) throws InterruptedException {
        Response queued = http.postJson("/ml/models/" + id + "/train",
                "{\"datasetId\": \"" + dataset + "\", \"hyperparameters\": " + hyperparameters + "}");
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        JsonNode done = ModelLifecycleITSupport.waitForJob(http, queued.json().get("id").asText(), Duration.ofSeconds(60));
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("succeeded");
    }

    private static String upload(byte[] csv, String name) {
        Response r = http.upload("/ml/datasets/upload", name + ".csv", csv, Map.of("name", name, "labelColumn", "label"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }
}
