package io.vigil.server.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.NslKddFiles;
import io.vigil.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole training life of a model, through HTTP only, on real data: upload NSL-KDD KDDTrain+ and
 * KDDTest+, create a gradient-boosting intrusion model, train it as a job (progress arrives over
 * WebSocket), validate it on KDDTest+ behind an accuracy gate, deploy it, retire it.
 */
class ModelLifecycleIT {
    static TestServer server;
    static HttpTestClient http;
    static String trainId;
    static String testId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = server.http();
        trainId = NslKddFiles.upload(http, "KDDTrain+.txt", "kdd-train");
        testId = NslKddFiles.upload(http, "KDDTest+.txt", "kdd-test");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void createTrainValidateDeployRetire() throws Exception {
        Response created = http.postJson("/ml/models", """
                {"modelName": "kdd-gbm", "modelType": "intrusion", "algorithm": "gbm",
                 "hyperparameters": {"rounds": 60, "max_depth": 6},
                 "targetVariable": " label", "dropColumns": ["difficulty "],
                 "binarize": {"negativeClass": "normal", "positiveClass": "attack"},
                 "description": "NSL-KDD binary", "tags": ["nsl-kdd"]}""");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        // column names are trimmed, as an upload trims a header's (" Label" in CIC-IDS2017's files)
        assertThat(created.json().get("targetVariable").asText()).isEqualTo("label");
        assertThat(created.json().get("dropColumns").toString()).isEqualTo("[\"difficulty\"]");
        String id = created.json().get("id").asText();
        assertThat(created.json().get("status").asText()).isEqualTo("created");
        assertThat(created.header("Location")).isEqualTo("/ml/models/" + id);

        // deploying or validating before any training is an illegal move
        assertThat(http.postJson("/ml/models/" + id + "/deploy", "{}").status()).isEqualTo(409);

        EventRecorder ws = EventRecorder.connect(http, "/ml/ws?modelId=" + id);
        Response queued = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + trainId + "\", \"trainTestSplit\": 0.2}");
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        String jobId = queued.json().get("id").asText();
        assertThat(queued.json().get("state").asText()).isIn("queued", "running");
        assertThat(http.get("/ml/models/" + id).json().get("status").asText()).isEqualTo("training");
        // a second training while the first runs is refused
        assertThat(http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + trainId + "\"}").status()).isEqualTo(409);

        JsonNode job = waitForJob(jobId, Duration.ofMinutes(3));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("result").get("version").asInt()).isEqualTo(1);
        assertThat(job.get("progress").get("fraction").asDouble()).isEqualTo(1.0);

        ws.awaitType("job.state", "succeeded", Duration.ofSeconds(10));
        assertThat(ws.types()).contains("job.progress", "job.state", "model.state");
        List<JsonNode> progress = ws.ofType("job.progress");
        assertThat(progress).isNotEmpty();
        assertThat(progress.stream().anyMatch(e -> e.path("progress").path("round").asInt() > 0)).isTrue();
        ws.close();

        awaitModelStatus(id, "trained");
        JsonNode model = http.get("/ml/models/" + id).json();
        assertThat(model.get("latestVersion").asInt()).isEqualTo(1);
        JsonNode version = http.get("/ml/models/" + id + "/versions/1").json();
        assertThat(version.get("metrics").get("accuracy").asDouble()).isGreaterThan(0.99); // random hold-out of KDDTrain+
        assertThat(version.get("datasetId").asText()).isEqualTo(trainId);
        assertThat(version.get("provenance").get("algorithm").asText()).isEqualTo("gbm");
        assertThat(version.get("provenance").get("dataSha256").asText()).hasSize(64);
        assertThat(version.get("provenance").get("libraryVersions").has("xgboost4j")
                || version.get("provenance").get("libraryVersions").size() > 1).isTrue();

        JsonNode artifacts = http.get("/ml/models/" + id + "/artifacts").json();
        assertThat(artifacts.get("confusionMatrix").get("classes").toString()).contains("attack", "normal");
        assertThat(artifacts.get("rocCurve").size()).isGreaterThan(2);
        assertThat(artifacts.get("featureImportance").get("features").size()).isGreaterThan(10);
        assertThat(http.get("/ml/jobs/" + jobId + "/logs").json().get("lines").size()).isGreaterThan(2);

        // never on the training data, not even under another name
        assertThat(http.postJson("/ml/models/" + id + "/validate", "{\"datasetId\": \"" + trainId + "\"}").status()).isEqualTo(400);
        String copy = NslKddFiles.upload(http, "KDDTrain+.txt", "kdd-train-again");
        Response sameContent = http.postJson("/ml/models/" + id + "/validate", "{\"datasetId\": \"" + copy + "\"}");
        assertThat(sameContent.status()).isEqualTo(400);
        assertThat(sameContent.json().get("errors").get(0).get("message").asText()).contains("same content");

        // validation on KDDTest+ (attack names never seen in training are binarised too)
        Response failedGate = http.postJson("/ml/models/" + id + "/validate",
                "{\"datasetId\": \"" + testId + "\", \"thresholds\": {\"accuracy\": 0.999}}");
        assertThat(failedGate.status()).as(failedGate.toString()).isEqualTo(200);
        assertThat(failedGate.json().get("passed").asBoolean()).isFalse();
        assertThat(http.get("/ml/models/" + id).json().get("status").asText()).isEqualTo("trained");
        Response unvalidated = http.postJson("/ml/models/" + id + "/deploy", "{}");
        assertThat(unvalidated.status()).isEqualTo(409);
        assertThat(unvalidated.json().get("detail").asText()).contains("validate it first");

        // extreme but finite thresholds are stored as jsonb numbers, which PostgreSQL gives back digit
        // by digit (1e-300 as 302 characters): the version must stay readable
        Response tiny = http.postJson("/ml/models/" + id + "/validate",
                "{\"datasetId\": \"" + testId + "\", \"thresholds\": {\"accuracy\": 0.999, \"f1\": 1e-300}}");
        assertThat(tiny.status()).as(tiny.toString()).isEqualTo(200);
        Response stored = http.get("/ml/models/" + id + "/versions/1");
        assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
        assertThat(stored.json().get("validation").toString()).contains("\"passed\":false");
        assertThat(http.get("/ml/models/" + id).status()).isEqualTo(200);

        Response passed = http.postJson("/ml/models/" + id + "/validate",
                "{\"datasetId\": \"" + testId + "\", \"thresholds\": {\"accuracy\": 0.75, \"recall\": 0.6}}");
        JsonNode report = passed.json();
        assertThat(report.get("passed").asBoolean()).as(report.toString()).isTrue();
        double accuracy = report.get("metrics").get("accuracy").asDouble();
        assertThat(accuracy).isBetween(0.75, 0.95);
        assertThat(report.get("metrics").get("rows").asLong()).isEqualTo(22_544);
        assertThat(http.get("/ml/models/" + id).json().get("status").asText()).isEqualTo("validated");
        assertThat(http.get("/ml/models/" + id + "/versions/1").json().get("validation").get("metrics").get("accuracy").asDouble())
                .isEqualTo(accuracy);

        Response deployed = http.postJson("/ml/models/" + id + "/deploy", "{}");
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
        assertThat(deployed.json().get("modelType").asText()).isEqualTo("intrusion");
        assertThat(deployed.json().get("version").asInt()).isEqualTo(1);
        JsonNode status = http.get("/ml/models/" + id + "/status").json();
        assertThat(status.get("status").asText()).isEqualTo("deployed");
        assertThat(status.get("deployedVersion").asInt()).isEqualTo(1);
        assertThat(http.get("/ml/models/" + id + "/deployments").json()).hasSize(1);
        assertThat(http.delete("/ml/models/" + id).status()).isEqualTo(409); // deployed: retire first

        Response retired = http.postJson("/ml/models/" + id + "/retire", "{}");
        assertThat(retired.status()).as(retired.toString()).isEqualTo(200);
        assertThat(retired.json().get("status").asText()).isEqualTo("retired");
        assertThat(retired.json().get("deployedVersion").isNull()).isTrue();
        assertThat(http.get("/ml/models/" + id + "/versions").json().get(0).get("status").asText()).isEqualTo("retired");
        assertThat(http.postJson("/ml/models/" + id + "/deploy", "{}").status()).isEqualTo(409);
        assertThat(http.get("/ml/models/" + id).status()).isEqualTo(200); // retired models stay readable
    }

    @Test
    void aCancelledTrainingStopsWithinASecondAndLeavesNoVersion() throws Exception {
        String id = http.postJson("/ml/models", """
                {"modelName": "kdd-slow", "modelType": "intrusion-slow", "algorithm": "gbm",
                 "hyperparameters": {"rounds": 5000, "max_depth": 6, "eta": 0.01},
                 "targetVariable": "label", "binarize": {"negativeClass": "normal"}}""").json().get("id").asText();
        String jobId = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + trainId + "\"}").json().get("id").asText();
        Instant deadline = Instant.now().plusSeconds(60);
        while (!"training".equals(http.get("/ml/jobs/" + jobId).json().path("progress").path("phase").asText())) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(50);
        }
        long start = System.nanoTime();
        assertThat(http.send("POST", "/ml/jobs/" + jobId + "/cancel", null, new byte[0]).status()).isEqualTo(200);
        JsonNode job = waitForJob(jobId, Duration.ofSeconds(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(job.get("state").asText()).isEqualTo("cancelled");
        assertThat(seconds).isLessThan(1.0);
        awaitModelStatus(id, "cancelled");
        assertThat(http.get("/ml/models/" + id + "/versions").json()).isEmpty();
    }

    @Test
    void invalidRequestsAreClearProblems() {
        Response bad = http.postJson("/ml/models", "{\"modelName\": \"x y\", \"algorithm\": \"deep-magic\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("modelName", "algorithm"); // modelType defaults to the name
        Response badParam = http.postJson("/ml/models", """
                {"modelName": "p", "modelType": "t", "algorithm": "gbm", "targetVariable": "label",
                 "hyperparameters": {"max_depth": 99, "nonsense": 1}}""");
        assertThat(badParam.status()).isEqualTo(400);
        assertThat(badParam.json().get("errors").get(0).get("field").asText()).isEqualTo("hyperparameters");
        Response unknownField = http.postJson("/ml/models", "{\"modelName\": \"u\", \"colour\": \"red\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("errors").get(0).get("field").asText()).isEqualTo("colour");
        // column roles that contradict each other are refused when the model is defined, not when it trains
        Response roles = http.postJson("/ml/models", """
                {"modelName": "roles", "modelType": "t", "algorithm": "isolation_forest", "dropColumns": ["bytes"],
                 "features": ["bytes", "proto"], "binarize": {"negativeClass": "normal", "positiveClass": "attack"}}""");
        assertThat(roles.status()).isEqualTo(400);
        assertThat(roles.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("binarize", "dropColumns");
        Response ownLabel = http.postJson("/ml/models", """
                {"modelName": "own", "modelType": "t", "algorithm": "gbm", "targetVariable": "label", "dropColumns": [" label"]}""");
        assertThat(ownLabel.json().get("errors").get(0).get("message").asText()).contains("is the targetVariable");
        assertThat(http.send("POST", "/ml/models", "text/plain", "hello".getBytes()).status()).isEqualTo(415);
        String dup = "{\"modelName\": \"dup\", \"modelType\": \"t\", \"algorithm\": \"gbm\", \"targetVariable\": \"label\"}";
        assertThat(http.postJson("/ml/models", dup).status()).isEqualTo(201);
        assertThat(http.postJson("/ml/models", dup).status()).isEqualTo(409);
        assertThat(http.get("/ml/models/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
    }

    /** The model follows its job's end a moment after the job is stored. */
    static void awaitModelStatus(String id, String status) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(5);
        while (!status.equals(http.get("/ml/models/" + id).json().get("status").asText())) {
            assertThat(Instant.now()).as("model " + id + " never became " + status).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    static JsonNode waitForJob(String jobId, Duration timeout) throws InterruptedException {
        return ModelLifecycleITSupport.waitForJob(http, jobId, timeout);
    }

    /** A real WebSocket client that keeps every event it receives. */
    static final class EventRecorder implements WebSocket.Listener {
        final List<JsonNode> events = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        /** Subscribes to {@code pathAndQuery} of the server {@code http} talks to, with its credential. */
        static EventRecorder connect(io.vigil.server.testing.HttpTestClient http, String pathAndQuery) throws Exception {
            EventRecorder r = new EventRecorder();
            String[] credential = http.credentialHeader();
            r.socket = HttpClient.newHttpClient().newWebSocketBuilder().header(credential[0], credential[1])
                    .buildAsync(URI.create(http.base().replace("http", "ws") + pathAndQuery), r).get(5, TimeUnit.SECONDS);
            Instant deadline = Instant.now().plusSeconds(5);
            while (r.events.stream().noneMatch(e -> e.has("subscribed"))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("no subscription confirmation");
                }
                Thread.sleep(10);
            }
            return r;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    events.add(Json.MAPPER.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        List<String> types() {
            return events.stream().map(e -> e.path("type").asText()).toList();
        }

        List<JsonNode> ofType(String type) {
            return events.stream().filter(e -> type.equals(e.path("type").asText())).toList();
        }

        void awaitType(String type, String state, Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            while (ofType(type).stream().noneMatch(e -> state.equals(e.path("state").asText()))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("no " + type + " " + state + " event; got " + types());
                }
                Thread.sleep(10);
            }
        }

        void send(String text) throws Exception {
            socket.sendText(text, true).get(5, TimeUnit.SECONDS);
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}
