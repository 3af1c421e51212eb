package io.vigil.server.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The answers whose shape the server builds by hand keep their field names, and their order where
 * it was fixed: a client (the CLI, a SOC's script) reads them by name. Stored JSON (a job's
 * parameters and result, artifacts, a validation) comes back from jsonb, which orders keys its own
 * way, so only its names are checked; so are those of maps that had no order.
 */
class AnswerShapesIT {
    static TestServer server;
    static HttpTestClient http;
    static String datasetId;
    static String holdoutId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = server.http();
        datasetId = upload(GeneratedFlows.csv(1500, 5), "flows.csv");
        holdoutId = upload(GeneratedFlows.csv(600, 77), "holdout.csv");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthReadinessAndAlgorithms() {
        assertThat(names(http.get("/health").json())).containsExactly("status", "version", "uptimeSeconds");
        JsonNode ready = http.get("/ready").json();
        assertThat(names(ready)).containsExactly("status", "checks");
        assertThat(names(ready.get("checks"))).containsExactly("database", "storage");
        assertThat(names(ready.get("checks").get("database"))).containsExactly("status", "latencyMs");
        assertThat(names(http.get("/v2/health/ready").json())).containsExactly("ready");

        JsonNode algorithms = http.get("/ml/algorithms").json();
        assertThat(names(algorithms)).containsExactly("algorithms");
        JsonNode gbm = find(algorithms.get("algorithms"), "name", "gbm");
        assertThat(names(gbm)).containsExactly("name", "task", "targetVariable", "hyperparameters");
        assertThat(names(find(gbm.get("hyperparameters"), "name", "max_depth")))
                .containsExactly("name", "type", "default", "range", "minimum", "minimumExclusive", "maximum", "description");
        JsonNode withValues = null;
        for (JsonNode algorithm : algorithms.get("algorithms")) {
            for (JsonNode p : algorithm.get("hyperparameters")) {
                if (p.has("values")) {
                    withValues = p;
                }
            }
        }
        assertThat(withValues).as("a hyperparameter with a list of values").isNotNull();
        assertThat(names(withValues)).containsSubsequence("name", "type", "default", "values", "description");
        assertThat(names(withValues)).doesNotContain("range");
    }

    @Test
    void trainingJobsStatusVersionsValidationArtifactsAndEvents() throws Exception {
        String id = createModel();
        ModelLifecycleIT.EventRecorder events = ModelLifecycleIT.EventRecorder.connect(http, "/ml/ws?modelId=" + id);
        JsonNode subscribed = events.events.stream().filter(e -> e.has("subscribed")).findFirst().orElseThrow();
        assertThat(names(subscribed)).containsExactly("subscribed");
        assertThat(names(subscribed.get("subscribed"))).containsExactly("modelId", "jobId");
        awaitEvent(events, "model.state", "created");
        assertThat(names(events.ofType("model.state").get(0).get("data")))
                .containsExactlyInAnyOrder("modelId", "modelName", "status");

        // a training on a hold-out fraction
        Response queued = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + datasetId + "\"}");
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        assertThat(names(queued.json().get("parameters"))).containsExactlyInAnyOrder("datasetId", "trainTestSplit", "hyperparameters", "seed");
        String jobId = queued.json().get("id").asText();
        JsonNode job = ModelLifecycleITSupport.waitForJob(http, jobId, Duration.ofSeconds(60));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(names(job)).containsExactly("id", "kind", "modelId", "state", "priority", "progress", "attempts", "maxAttempts",
                "timeLimitSeconds", "cancelRequested", "error", "result", "parameters", "createdBy", "worker", "createdAt",
                "startedAt", "finishedAt", "updatedAt", "durationMs", "logs");
        assertThat(names(job.get("result"))).containsExactlyInAnyOrder("modelId", "version", "metrics", "hyperparameters", "engine");
        JsonNode logs = http.get("/ml/jobs/" + jobId + "/logs").json();
        assertThat(names(logs)).containsExactly("jobId", "lines", "next");
        awaitEvent(events, "model.state", "trained");
        JsonNode moved = events.ofType("model.state").stream().filter(e -> e.path("data").has("from")).findFirst().orElseThrow();
        assertThat(names(moved.get("data"))).containsExactlyInAnyOrder("modelId", "modelName", "from", "to");

        JsonNode status = http.get("/ml/models/" + id + "/status").json();
        assertThat(names(status)).containsExactly("modelId", "modelName", "status", "latestVersion", "deployedVersion", "currentJob");
        assertThat(status.get("currentJob").isNull()).isTrue();

        // a tuned training evaluated on another dataset
        Response tuned = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + datasetId
                + "\", \"validationDatasetId\": \"" + holdoutId + "\", \"tuning\": {\"space\": {\"max_depth\": [2, 3]}, \"folds\": 2}}");
        assertThat(tuned.status()).as(tuned.toString()).isEqualTo(202);
        assertThat(names(tuned.json().get("parameters")))
                .containsExactlyInAnyOrder("datasetId", "validationDatasetId", "hyperparameters", "tuning", "seed");
        assertThat(names(tuned.json().get("parameters").get("tuning"))).containsExactlyInAnyOrder("method", "space", "trials", "folds", "metric");
        JsonNode tunedJob = ModelLifecycleITSupport.waitForJob(http, tuned.json().get("id").asText(), Duration.ofSeconds(90));
        assertThat(tunedJob.get("state").asText()).as(tunedJob.toString()).isEqualTo("succeeded");
        assertThat(names(tunedJob.get("result"))).containsExactlyInAnyOrder("modelId", "version", "metrics", "hyperparameters", "tuning", "engine");
        assertThat(names(tunedJob.get("result").get("tuning"))).containsExactlyInAnyOrder("method", "metric", "folds", "space", "best", "trials");
        awaitStatus(id, "trained");

        JsonNode version = http.get("/ml/models/" + id + "/versions/1").json();
        assertThat(names(version)).containsExactly("modelId", "version", "status", "metrics", "provenance", "parameters", "datasetId",
                "datasetSha256", "jobId", "validation", "bundleSha256", "bundleSize", "createdBy", "createdAt");
        assertThat(version.get("status").asText()).isEqualTo("trained");
        assertThat(names(http.get("/ml/models/" + id + "/versions?compare=1,2").json()))
                .containsExactly("modelId", "versions", "parameters", "metrics");
        JsonNode inputs = http.get("/ml/models/" + id + "/versions/1/inputs").json();
        assertThat(names(inputs)).containsExactly("modelId", "version", "inputs", "ignored");
        assertThat(names(inputs.get("inputs").get(0))).containsExactlyInAnyOrder("name", "kind", "type", "required");

        JsonNode split = http.get("/ml/models/" + id + "/artifacts?version=1").json();
        assertThat(names(split)).containsExactlyInAnyOrder("evaluatedOn", "confusionMatrix", "perClass", "classesWithoutTestRows",
                "rocCurve", "prCurve", "calibration", "featureImportance");
        assertThat(names(split.get("evaluatedOn"))).containsExactlyInAnyOrder("datasetId", "holdOutFraction", "rows", "stratified");
        assertThat(names(split.get("confusionMatrix"))).containsExactlyInAnyOrder("classes", "counts");
        assertThat(names(split.get("featureImportance"))).containsExactlyInAnyOrder("method", "features");
        JsonNode separate = http.get("/ml/models/" + id + "/artifacts").json();
        assertThat(names(separate)).contains("tuning");
        assertThat(names(separate.get("evaluatedOn"))).containsExactlyInAnyOrder("datasetId", "rows");
        assertThat(names(separate.get("tuning"))).containsExactlyInAnyOrder("method", "metric", "folds", "space", "best", "trials");

        // a validation that fails both kinds of gate, then one that passes
        Response failed = http.postJson("/ml/models/" + id + "/validate", "{\"datasetId\": \"" + holdoutId
                + "\", \"version\": 1, \"thresholds\": {\"accuracy\": 1.5, \"log_loss\": 0.0}}");
        assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
        JsonNode report = failed.json();
        assertThat(names(report)).containsExactly("modelId", "version", "datasetId", "datasetSha256", "dataset", "passed", "metrics",
                "thresholds", "gates", "failures", "confusionMatrix", "validatedAt");
        assertThat(report.get("dataset").get("id").asText()).isEqualTo(holdoutId);
        assertThat(names(report.get("dataset"))).contains("id", "name", "fileName", "fileSha256", "rows");
        assertThat(names(report.get("gates").get(0))).containsExactly("metric", "minimum", "actual", "passed");
        assertThat(names(report.get("gates").get(1))).containsExactly("metric", "maximum", "actual", "passed");
        assertThat(names(report.get("failures").get(0))).containsExactly("metric", "minimum", "actual");
        assertThat(names(report.get("failures").get(1))).containsExactly("metric", "maximum", "actual");
        assertThat(names(report.get("confusionMatrix"))).containsExactlyInAnyOrder("classes", "counts");
        assertThat(http.get("/ml/models/" + id + "/versions/1").json().get("status").asText()).isEqualTo("trained");
        Response passed = http.postJson("/ml/models/" + id + "/validate", "{\"datasetId\": \"" + holdoutId + "\", \"version\": 1}");
        assertThat(passed.json().get("passed").asBoolean()).as(passed.toString()).isTrue();
        JsonNode validated = http.get("/ml/models/" + id + "/versions/1").json();
        assertThat(validated.get("status").asText()).isEqualTo("validated");
        assertThat(names(validated.get("validation"))).containsExactlyInAnyOrder("modelId", "version", "datasetId", "datasetSha256",
                "dataset", "passed", "metrics", "thresholds", "gates", "failures", "confusionMatrix", "validatedAt");
        events.close();
    }

    @Test
    void aSocketIsToldWhatIsWrongWithItsSubscription() throws Exception {
        ModelLifecycleIT.EventRecorder events = ModelLifecycleIT.EventRecorder.connect(http, "/ml/ws");
        events.send("{\"hello\": 1}");
        events.send("{\"subscribe\": {\"modelId\": \"" + UUID.randomUUID() + "\"}}");
        Instant deadline = Instant.now().plusSeconds(5);
        while (events.events.stream().filter(e -> e.has("error")).count() < 2) {
            assertThat(Instant.now()).as("two errors in " + events.events).isBefore(deadline);
            Thread.sleep(10);
        }
        events.events.stream().filter(e -> e.has("error")).forEach(e -> assertThat(names(e)).containsExactly("error"));
        events.close();
    }

    private static void awaitEvent(ModelLifecycleIT.EventRecorder events, String type, String state) throws InterruptedException {
        events.awaitType(type, state, Duration.ofSeconds(30));
    }

    private static void awaitStatus(String id, String status) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!status.equals(http.get("/ml/models/" + id).json().get("status").asText())) {
            assertThat(Instant.now()).as(id + " never " + status).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    private static String createModel() {
        Response r = http.postJson("/ml/models", "{\"modelName\": \"shapes\", \"modelType\": \"shapes\", \"algorithm\": \"gbm\","
                + " \"targetVariable\": \"label\", \"hyperparameters\": {\"rounds\": 5, \"max_depth\": 3}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static String upload(byte[] csv, String name) {
        Response r = http.upload("/ml/datasets/upload", name, csv, Map.of("name", name, "labelColumn", "label"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        throw new AssertionError("no " + field + " " + value + " in " + array);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
