package io.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline service's README requests, sent verbatim to {@code /api/v1/models...}: the same handlers as
 * {@code /ml/models...}, its field names at the edge, and {@code dataset_path} only inside the import directory.
 */
class PipelineServiceApiIT {
    /** A field name shaped like Vigil's own (camelCase): none may reach a client of the pipeline service. */
    private static final Pattern CAMEL = Pattern.compile("[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+");

    static Path imports;
    static Path outside;
    static TestServer server;
    static HttpTestClient http;
    static String datasetId;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createTempDirectory("vigil-imports-");
        imports = Files.createDirectories(root.resolve("imports"));
        Files.write(imports.resolve("flows.csv"), GeneratedFlows.csv(400, 5));
        outside = root.resolve("outside.csv");
        Files.write(outside, GeneratedFlows.csv(50, 6));
        Files.createSymbolicLink(imports.resolve("link.csv"), outside);
        server = TestServer.start(Map.of("VIGIL_IMPORTS_DIR", imports.toString()));
        http = server.http();
        Response upload = http.upload("/ml/datasets/upload", "flows.csv", GeneratedFlows.csv(400, 3),
                Map.of("name", "flows", "labelColumn", "label"));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        datasetId = upload.json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theReadmeRequestsWorkVerbatimAndAnswerInItsNames() throws Exception {
        Response created = http.postJson("/api/v1/models", """
                {"name": "pipeline-ids", "description": "intrusion detection from the pipeline service",
                 "algorithm": "xgboost", "parameters": {"max_depth": 4, "learning_rate": 0.3, "n_estimators": 20}}""");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode model = created.json();
        String id = model.get("id").asText();
        assertThat(model.get("name").asText()).isEqualTo("pipeline-ids");
        assertThat(model.get("algorithm").asText()).isEqualTo("gbm");
        assertThat(model.get("model_type").asText()).as("a slot of its own").isEqualTo("pipeline-ids");
        assertThat(model.get("parameters")).isEqualTo(Json.MAPPER.readTree("{\"max_depth\": 4, \"eta\": 0.3, \"rounds\": 20}"));
        assertNoVigilNames(model);

        Response train = http.postJson("/api/v1/models/" + id + "/train", "{\"dataset_id\": \"" + datasetId + "\"}");
        assertThat(train.status()).as(train.toString()).isEqualTo(202);
        String jobId = train.json().get("id").asText();
        assertThat(train.json().get("model_id").asText()).isEqualTo(id);
        assertThat(train.header("Location")).as("the job, under the service's own paths").isEqualTo("/api/v1/models/" + id + "/training-jobs/" + jobId);

        JsonNode job = awaitJob(id, jobId);
        assertThat(job.path("result").path("metrics").path("accuracy").asDouble()).isGreaterThan(0.8);
        assertNoVigilNames(job);
        Response jobs = http.get("/api/v1/models/" + id + "/training-jobs");
        assertThat(jobs.status()).isEqualTo(200);
        assertThat(jobs.json().get("items").get(0).get("id").asText()).isEqualTo(jobId);
        assertThat(http.get("/ml/models/" + id).json().get("targetVariable").asText())
                .as("a classifier without one learns its dataset's label column").isEqualTo("label");

        Response deploy = http.postJson("/api/v1/models/" + id + "/deploy", "{}");
        assertThat(deploy.status()).as(deploy.toString()).isEqualTo(200);
        assertNoVigilNames(deploy.json());
        Response deployments = http.get("/api/v1/models/" + id + "/deployments");
        assertThat(deployments.status()).isEqualTo(200);
        assertNoVigilNames(deployments.json());

        Map<String, Object> flow = GeneratedFlows.features(1, 11).get(0);
        String features = "{\"features\": " + Json.write(flow) + ", \"explain\": true}";
        Response theirs = http.postJson("/api/v1/models/" + id + "/predict", features);
        Response ours = http.postJson("/ml/models/" + id + "/predict", features);
        assertThat(theirs.status()).as(theirs.toString()).isEqualTo(200);
        assertThat(theirs.json().get("label")).isEqualTo(ours.json().get("label"));
        assertThat(theirs.json().get("probabilities")).isEqualTo(ours.json().get("probabilities"));
        assertThat(theirs.json().has("prediction_id")).isTrue();
        assertNoVigilNames(theirs.json());

        Response batch = http.postJson("/api/v1/models/" + id + "/batch-predict",
                "{\"instances\": " + Json.write(GeneratedFlows.features(5, 12)) + "}");
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertNoVigilNames(batch.json());

        for (String part : List.of("metrics", "health", "drift", "alerts")) {
            Response r = http.get("/api/v1/models/" + id + "/" + part);
            assertThat(r.status()).as(part + " " + r).isEqualTo(200);
            assertNoVigilNames(r.json());
        }
        Response health = http.get("/api/v1/monitoring/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isIn("healthy", "degraded", "failing");
        assertThat(health.json().get("models").findValuesAsText("model_id")).contains(id);
        assertNoVigilNames(health.json());
    }

    @Test
    void problemsNameTheFieldsAsTheClientSentThem() {
        Response r = http.postJson("/api/v1/models", """
                {"name": "no spaces allowed", "algorithm": "gbm", "parameters": {"n_estimators": 5, "rounds": 6}}""");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("errors").findValuesAsText("field")).contains("name", "parameters")
                .doesNotContain("modelName", "hyperparameters");
    }

    @Test
    void datasetPathReadsOnlyFilesInsideTheImportDirectory() throws Exception {
        String id = http.postJson("/api/v1/models", """
                {"name": "imported", "algorithm": "gradient_boosting", "parameters": {"n_estimators": 5}}""").json().get("id").asText();
        int datasets = http.get("/ml/datasets").json().get("total").asInt();

        for (String path : List.of("../outside.csv", outside.toString(), "link.csv", "nothing-here.csv", "/etc/passwd", ".")) {
            Response refused = http.postJson("/api/v1/models/" + id + "/train",
                    "{\"dataset_path\": " + Json.write(path) + ", \"label_column\": \"label\"}");
            assertThat(refused.status()).as(path + " " + refused).isEqualTo(422);
            assertThat(refused.json().get("errors").findValuesAsText("field")).as(path).containsExactly("dataset_path");
            assertThat(refused.text()).as("no server path in the answer").doesNotContain(imports.toString());
        }
        assertThat(http.get("/ml/datasets").json().get("total").asInt()).as("nothing imported").isEqualTo(datasets);

        Response train = http.postJson("/api/v1/models/" + id + "/train", "{\"dataset_path\": \"flows.csv\", \"label_column\": \"label\"}");
        assertThat(train.status()).as(train.toString()).isEqualTo(202);
        assertThat(awaitJob(id, train.json().get("id").asText()).get("state").asText()).isEqualTo("succeeded");
        assertThat(http.get("/ml/datasets").json().get("total").asInt()).isEqualTo(datasets + 1);

        Response both = http.postJson("/api/v1/models/" + id + "/train",
                "{\"dataset_path\": \"flows.csv\", \"dataset_id\": \"" + datasetId + "\"}");
        assertThat(both.status()).as(both.toString()).isEqualTo(400);
    }

    private static JsonNode awaitJob(String modelId, String jobId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            Response r = http.get("/api/v1/models/" + modelId + "/training-jobs/" + jobId);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            String state = r.json().get("state").asText();
            if (state.equals("succeeded") || state.equals("failed") || state.equals("cancelled")) {
                assertThat(state).as(r.toString()).isEqualTo("succeeded");
                return r.json();
            }
            assertThat(Instant.now()).as("training finished").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    /** No key shaped like Vigil's own names, outside the objects keyed by the user's (class labels, columns). */
    private static void assertNoVigilNames(JsonNode node) {
        List<String> found = new ArrayList<>();
        collect(node, "", found);
        assertThat(found).as("camelCase keys in " + node).isEmpty();
    }

    private static void collect(JsonNode node, String path, List<String> found) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (CAMEL.matcher(e.getKey()).matches()) found.add(path + e.getKey());
                if (!List.of("probabilities", "parameters", "features").contains(e.getKey())) {
                    collect(e.getValue(), path + e.getKey() + ".", found);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, path + "[].", found));
        }
    }
}
