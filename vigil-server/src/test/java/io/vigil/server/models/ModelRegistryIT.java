package io.vigil.server.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry on small generated data with ONE job worker: queue order by priority, versions and
 * their comparison, deploy/rollback between two models of a slot, updates and deletes.
 */
class ModelRegistryIT {
    static TestServer server;
    static HttpTestClient http;
    static String datasetId;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1"));
        http = server.http();
        Response r = http.upload("/ml/datasets/upload", "flows.csv", GeneratedFlows.csv(3000, 11), Map.of("name", "flows", "labelColumn", "label"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        datasetId = r.json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void queuedTrainingsRunByPriorityThenInOrder() throws Exception {
        String blocker = model("blocker", "slot-a", 3000);
        String low = model("low", "slot-b", 5);
        String high = model("high", "slot-c", 5);
        String blockerJob = train(blocker, 0);
        awaitRunning(blockerJob);
        String lowJob = train(low, 0);
        String highJob = train(high, 10);
        assertThat(http.get("/ml/jobs/" + lowJob).json().get("state").asText()).isEqualTo("queued");
        http.send("POST", "/ml/jobs/" + blockerJob + "/cancel", null, new byte[0]);
        JsonNode lowDone = ModelLifecycleITSupport.waitForJob(http, lowJob, Duration.ofSeconds(60));
        JsonNode highDone = ModelLifecycleITSupport.waitForJob(http, highJob, Duration.ofSeconds(60));
        assertThat(lowDone.get("state").asText()).isEqualTo("succeeded");
        assertThat(highDone.get("state").asText()).isEqualTo("succeeded");
        assertThat(Instant.parse(highDone.get("startedAt").asText())).isBefore(Instant.parse(lowDone.get("startedAt").asText()));
    }

    @Test
    void aQueuedJobsPriorityCanChangeButARunningOnesCannot() throws Exception {
        String blocker = model("blocker-2", "slot-d", 3000);
        String other = model("other", "slot-e", 5);
        String blockerJob = train(blocker, 0);
        awaitRunning(blockerJob);
        String queued = train(other, 0);
        Response changed = http.send("PATCH", "/ml/jobs/" + queued, "application/json", "{\"priority\": 7}".getBytes(StandardCharsets.UTF_8));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("priority").asInt()).isEqualTo(7);
        assertThat(http.send("PATCH", "/ml/jobs/" + blockerJob, "application/json", "{\"priority\": 7}".getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(409);
        http.send("POST", "/ml/jobs/" + blockerJob + "/cancel", null, new byte[0]);
        assertThat(ModelLifecycleITSupport.waitForJob(http, queued, Duration.ofSeconds(60)).get("state").asText()).isEqualTo("succeeded");
        assertThat(http.get("/ml/jobs?modelId=" + other).json().get("total").asLong()).isEqualTo(1);
        assertThat(http.get("/ml/models/" + other + "/training-jobs").json().get("items").get(0).get("id").asText()).isEqualTo(queued);
    }

    @Test
    void versionsCompareAndTwoModelsShareASlotWithRollback() throws Exception {
        String a = model("slot-model-a", "fraud", 10);
        assertThat(ModelLifecycleITSupport.waitForJob(http, train(a, 0), Duration.ofSeconds(60)).get("state").asText()).isEqualTo("succeeded");
        awaitStatus(a, "trained");
        Response v2 = http.postJson("/ml/models/" + a + "/train",
                "{\"datasetId\": \"" + datasetId + "\", \"hyperparameters\": {\"rounds\": 20, \"max_depth\": 3}}");
        assertThat(ModelLifecycleITSupport.waitForJob(http, v2.json().get("id").asText(), Duration.ofSeconds(60)).get("state").asText())
                .isEqualTo("succeeded");
        awaitStatus(a, "trained");
        JsonNode compare = http.get("/ml/models/" + a + "/versions?compare=1,2").json();
        assertThat(compare.get("versions")).hasSize(2);
        assertThat(compare.get("parameters").get("rounds").get("1").asInt()).isEqualTo(10);
        assertThat(compare.get("parameters").get("rounds").get("2").asInt()).isEqualTo(20);
        assertThat(compare.get("metrics").get("accuracy").has("1")).isTrue();
        assertThat(http.get("/ml/models/" + a + "/versions?compare=1,9").status()).isEqualTo(404);

        // validate on another sample (not the training data), then deploy A
        String holdout = upload(GeneratedFlows.csv(800, 99), "holdout.csv");
        assertThat(http.postJson("/ml/models/" + a + "/validate", "{\"datasetId\": \"" + holdout + "\", \"version\": 2}")
                .json().get("passed").asBoolean()).isTrue();
        assertThat(http.postJson("/ml/models/" + a + "/deploy", "{\"version\": 1}").status()).isEqualTo(409); // v1 not validated
        assertThat(http.postJson("/ml/models/" + a + "/deploy", "{}").json().get("version").asInt()).isEqualTo(2);

        String b = model("slot-model-b", "fraud", 10);
        ModelLifecycleITSupport.waitForJob(http, train(b, 0), Duration.ofSeconds(60));
        awaitStatus(b, "trained");
        http.postJson("/ml/models/" + b + "/validate", "{\"datasetId\": \"" + holdout + "\"}");
        JsonNode deployB = http.postJson("/ml/models/" + b + "/deploy", "{}").json();
        assertThat(deployB.get("previousModelId").asText()).isEqualTo(a);
        assertThat(http.get("/ml/models/" + a).json().get("status").asText()).isEqualTo("validated");
        assertThat(http.get("/ml/models/" + a).json().get("deployedVersion").isNull()).isTrue();
        assertThat(http.get("/ml/models/" + b).json().get("status").asText()).isEqualTo("deployed");

        JsonNode rolledBack = http.postJson("/ml/models/" + b + "/rollback", "{}").json();
        assertThat(rolledBack.get("modelId").asText()).isEqualTo(a);
        assertThat(rolledBack.get("action").asText()).isEqualTo("rollback");
        assertThat(http.get("/ml/models/" + a).json().get("status").asText()).isEqualTo("deployed");
        assertThat(http.get("/ml/models/" + b).json().get("status").asText()).isEqualTo("validated");
        assertThat(http.get("/ml/models/" + a + "/deployments").json()).hasSize(2);
        assertThat(http.get("/ml/models?type=fraud&status=deployed").json().get("total").asLong()).isEqualTo(1);
    }

    @Test
    void serverSentEventsCarryAJobFromQueuedToSucceeded() throws Exception {
        assertThat(http.get("/ml/stream").status()).isEqualTo(406); // no Accept: text/event-stream
        String id = model("sse-model", "slot-g", 5);
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        var client = java.net.http.HttpClient.newHttpClient();
        var request = http.authorize(java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.base() + "/ml/stream?modelId=" + id))
                .header("Accept", "text/event-stream").GET()).build();
        var response = client.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
        // async: a stream whose head came already would otherwise be read on this thread, forever
        response.thenAcceptAsync(r -> r.body().forEach(lines::add));
        Instant deadline = Instant.now().plusSeconds(10);
        while (lines.stream().noneMatch(l -> l.contains("connected"))) {
            assertThat(Instant.now()).as("stream never opened").isBefore(deadline);
            Thread.sleep(10);
        }
        String job = train(id, 0);
        ModelLifecycleITSupport.waitForJob(http, job, Duration.ofSeconds(60));
        deadline = Instant.now().plusSeconds(10);
        while (lines.stream().noneMatch(l -> l.startsWith("data:") && l.contains("\"succeeded\""))) {
            assertThat(Instant.now()).as("no succeeded event in " + lines).isBefore(deadline);
            Thread.sleep(10);
        }
        assertThat(lines).contains("event: job.state").contains("event: model.state");
        assertThat(lines.stream().filter(l -> l.startsWith("data:")).allMatch(l -> l.contains(id))).isTrue();
        response.cancel(true);
    }

    @Test
    void tuningSearchesTheSpaceByCrossValidationAndTrainsTheBest() throws Exception {
        String id = model("tuned", "slot-h", 8);
        Response bad = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + datasetId
                + "\", \"tuning\": {\"method\": \"magic\", \"space\": {\"max_depth\": [2, 99]}, \"folds\": 1}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsText("field")).contains("tuning.method", "tuning.folds", "hyperparameters");

        Response queued = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + datasetId
                + "\", \"tuning\": {\"method\": \"grid\", \"space\": {\"max_depth\": [1, 3], \"eta\": [0.05, 0.5]}, "
                + "\"folds\": 2, \"metric\": \"accuracy\"}}");
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        JsonNode job = ModelLifecycleITSupport.waitForJob(http, queued.json().get("id").asText(), Duration.ofSeconds(120));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("logs").toString()).contains("tuning chose");
        JsonNode searched = job.get("result").get("tuning"); // the job's answer says what was tried, for the CLI
        assertThat(searched.get("trials")).hasSize(4);
        assertThat(searched.get("space").get("max_depth").toString()).isEqualTo("[1,3]");
        awaitStatus(id, "trained");
        JsonNode tuning = http.get("/ml/models/" + id + "/artifacts").json().get("tuning");
        assertThat(tuning.get("trials")).hasSize(4);
        JsonNode best = tuning.get("best");
        for (JsonNode trial : tuning.get("trials")) {
            assertThat(trial.get("score").asDouble()).isLessThanOrEqualTo(best.get("score").asDouble());
        }
        JsonNode used = http.get("/ml/models/" + id + "/versions/1").json().get("provenance").get("hyperparameters");
        assertThat(used.get("max_depth").asInt()).isEqualTo(best.get("params").get("max_depth").asInt());
        assertThat(used.get("eta").asDouble()).isEqualTo(best.get("params").get("eta").asDouble());
    }

    @Test
    void detectorsAreScoredWithTheAttacksAsAnomaliesAndRefuseManyClassesWithTheFix() throws Exception {
        Response created = http.postJson("/ml/models", "{\"modelName\": \"outliers\", \"modelType\": \"slot-i\", "
                + "\"algorithm\": \"isolation_forest\", \"targetVariable\": \"label\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(ModelLifecycleITSupport.waitForJob(http, train(id, 0), Duration.ofSeconds(60)).get("state").asText()).isEqualTo("succeeded");
        // "attack" sorts before "normal" but is the anomalous class: the 30 % of attacks are what "anomaly" is checked against
        JsonNode perClass = http.get("/ml/models/" + id + "/artifacts").json().get("perClass");
        assertThat(perClass.get(1).get("name").asText()).isEqualTo("anomaly");
        double anomalies = perClass.get(1).get("support").asDouble();
        assertThat(anomalies / (anomalies + perClass.get(0).get("support").asDouble())).isBetween(0.25, 0.35);

        // each verdict is explained: TreeSHAP on -E(h), the negative mean path length
        Response explained = http.postJson("/ml/models/" + id + "/predict", "{\"version\": 1, \"explain\": true, \"features\": "
                + "{\"bytes\": 40, \"duration\": 0.01, \"dst_port\": 22, \"proto\": \"tcp\"}}");
        assertThat(explained.status()).as(explained.toString()).isEqualTo(200);
        JsonNode e = explained.json().get("explanation");
        double sum = e.get("bias").asDouble();
        for (JsonNode c : e.get("contributions")) {
            sum += c.get("contribution").asDouble();
        }
        assertThat(e.get("contributions")).hasSize(4);
        assertThat(sum).isCloseTo(e.get("margin").asDouble(), org.assertj.core.api.Assertions.within(1e-5));
        assertThat(e.get("margin").asDouble()).as("-E(h)").isNegative();
        assertThat(e.get("explainedClass").asText()).isEqualTo("anomaly");
        assertThat(e.get("marginOf").asText()).isEqualTo("-E(h)");

        // a z-score detector explains its score itself: Shapley values that add up to it
        String zscore = http.postJson("/ml/models", "{\"modelName\": \"zscores\", \"modelType\": \"slot-z\", "
                + "\"algorithm\": \"zscore\", \"targetVariable\": \"label\"}").json().get("id").asText();
        assertThat(ModelLifecycleITSupport.waitForJob(http, train(zscore, 0), Duration.ofSeconds(60)).get("state").asText())
                .isEqualTo("succeeded");
        JsonNode z = http.postJson("/ml/models/" + zscore + "/predict", "{\"version\": 1, \"explain\": true, \"features\": "
                + "{\"bytes\": 900000, \"duration\": 0.01, \"dst_port\": 22, \"proto\": \"tcp\"}}").json();
        JsonNode ze = z.get("explanation");
        assertThat(ze.get("marginOf").asText()).as(z.toString()).isEqualTo("anomaly score");
        assertThat(ze.get("bias").asDouble()).isZero();
        assertThat(ze.get("margin").asDouble()).isCloseTo(z.get("anomalyScore").asDouble(), org.assertj.core.api.Assertions.within(1e-12));
        double zsum = 0;
        for (JsonNode c : ze.get("contributions")) {
            zsum += c.get("contribution").asDouble();
            assertThat(c.get("contribution").asDouble()).as("inputs inside their fences are not reasons").isNotZero();
        }
        assertThat(ze.get("contributions").findValuesAsText("feature")).contains("bytes");
        assertThat(zsum).isCloseTo(ze.get("margin").asDouble(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(ze.get("contributions").get(0).get("feature").asText()).isEqualTo("bytes");

        StringBuilder threeClasses = new StringBuilder("bytes,label\n");
        for (int i = 0; i < 300; i++) threeClasses.append(i % 50).append(',').append(i % 3 == 0 ? "BENIGN" : i % 3 == 1 ? "DDoS" : "PortScan").append('\n');
        String dataset = upload(threeClasses.toString().getBytes(StandardCharsets.UTF_8), "three.csv");
        String many = http.postJson("/ml/models", "{\"modelName\": \"outliers-3\", \"modelType\": \"slot-j\", "
                + "\"algorithm\": \"isolation_forest\", \"targetVariable\": \"label\"}").json().get("id").asText();
        Response train = http.postJson("/ml/models/" + many + "/train", "{\"datasetId\": \"" + dataset + "\"}");
        JsonNode failed = ModelLifecycleITSupport.waitForJob(http, train.json().get("id").asText(), Duration.ofSeconds(60));
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).contains("[BENIGN, DDoS, PortScan]").contains("binarize").doesNotContain("Index");
    }

    @Test
    void aDetectorTrainedOnAnUnlabelledZeekLogIsGatedOnItsAlertRate() throws Exception {
        String log = http.upload("/ml/datasets/upload", "conn.log", zeekConnLog(2000, 1), Map.of()).json().get("id").asText();
        String later = http.upload("/ml/datasets/upload", "conn-later.log", zeekConnLog(1000, 2), Map.of()).json().get("id").asText();
        Response created = http.postJson("/ml/models", "{\"modelName\": \"conn-outliers\", \"modelType\": \"slot-zeek\", "
                + "\"algorithm\": \"isolation_forest\", \"dropColumns\": [\"ts\"], "
                + "\"hyperparameters\": {\"contamination\": 0.02}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        String job = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + log + "\"}").json().get("id").asText();
        JsonNode done = ModelLifecycleITSupport.waitForJob(http, job, Duration.ofSeconds(60));
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("succeeded");
        JsonNode metrics = done.get("result").get("metrics");
        assertThat(metrics.get("rows").asDouble()).isEqualTo(400);
        assertThat(metrics.get("anomaly_rate").asDouble()).isBetween(0.0, 0.06);
        assertThat(metrics.get("p99_score").asDouble()).isGreaterThanOrEqualTo(metrics.get("median_score").asDouble());
        assertThat(metrics.has("accuracy")).isFalse();
        // the list shows each model's latest metrics, to compare the models of a slot at a glance
        JsonNode listed = http.get("/ml/models?type=slot-zeek").json().get("items").get(0);
        assertThat(listed.get("modelName").asText()).isEqualTo("conn-outliers");
        assertThat(listed.has("model")).isFalse();
        assertThat(listed.get("latestMetrics").get("anomaly_rate").asDouble()).isEqualTo(metrics.get("anomaly_rate").asDouble());
        assertThat(http.get("/ml/models/" + id + "/artifacts").json().has("confusionMatrix")).isFalse();
        // every connection has its own uid: an identifier, left out, and a record may still carry it
        assertThat(http.get("/ml/jobs/" + job + "/logs").text()).contains("left out [uid]");
        JsonNode inputs = http.get("/ml/models/" + id + "/versions/1/inputs").json();
        assertThat(inputs.get("inputs").findValuesAsText("name")).doesNotContain("uid", "ts").contains("id.orig_h", "local_orig");
        assertThat(inputs.get("ignored").toString()).contains("uid");
        Map<String, String> types = new java.util.HashMap<>();
        inputs.get("inputs").forEach(i -> types.put(i.get("name").asText(), i.get("type").asText()));
        assertThat(types).containsEntry("local_orig", "boolean").containsEntry("id.resp_p", "integer")
                .containsEntry("duration", "numeric").containsEntry("proto", "categorical");

        // no labels: the default accuracy gate does not apply, an alert budget does
        Response tooStrict = http.postJson("/ml/models/" + id + "/validate",
                "{\"datasetId\": \"" + later + "\", \"thresholds\": {\"anomaly_rate\": 0.0}}");
        assertThat(tooStrict.json().get("passed").asBoolean()).as(tooStrict.toString()).isFalse();
        assertThat(tooStrict.json().get("failures").get(0).has("maximum")).isTrue();
        JsonNode gate = tooStrict.json().get("gates").get(0);
        assertThat(gate.get("metric").asText()).isEqualTo("anomaly_rate");
        assertThat(gate.get("maximum").asDouble()).isZero();
        assertThat(gate.get("passed").asBoolean()).isFalse();
        assertThat(http.postJson("/ml/models/" + id + "/validate", "{\"datasetId\": \"" + later + "\", \"thresholds\": {\"accuracy\": 0.9}}")
                .status()).isEqualTo(400);
        Response passed = http.postJson("/ml/models/" + id + "/validate", "{\"datasetId\": \"" + later + "\"}");
        assertThat(passed.json().get("passed").asBoolean()).as(passed.toString()).isTrue();
        assertThat(passed.json().get("metrics").get("rows").asDouble()).isEqualTo(1000);
        assertThat(passed.json().get("gates")).isEmpty(); // no labels: no default gate applies
        assertThat(http.postJson("/ml/models/" + id + "/deploy", "{}").status()).isEqualTo(200);

        // scored as Zeek writes JSON logs: dotted keys, true/false, a field left out
        Response odd = http.postJson("/ml/predict", "{\"modelType\": \"slot-zeek\", \"features\": {\"ts\": 1547170000.5, "
                + "\"uid\": \"CX\", \"id.orig_h\": \"10.0.0.99\", \"id.resp_p\": 6667, \"proto\": \"tcp\", \"duration\": 2900.5, "
                + "\"orig_bytes\": 90000000, \"conn_state\": \"OTH\", \"local_orig\": true}}");
        assertThat(odd.status()).as(odd.toString()).isEqualTo(200);
        assertThat(odd.json().get("anomaly").isBoolean()).as(odd.toString()).isTrue();
        Response usual = http.postJson("/ml/predict", "{\"modelType\": \"slot-zeek\", \"features\": {\"ts\": 1547170001.5, "
                + "\"uid\": \"CY\", \"id.orig_h\": \"10.0.0.7\", \"id.resp_p\": 443, \"proto\": \"tcp\", \"service\": \"ssl\", "
                + "\"duration\": 0.4, \"orig_bytes\": 900, \"conn_state\": \"SF\", \"local_orig\": true}}");
        assertThat(usual.json().get("label").asText()).as(usual.toString()).isEqualTo("normal");
        // an isolation forest isolates a point beyond every range about as fast as the training data's
        // own edge points, so only the ranking is asserted here, not which side of the threshold it falls
        assertThat(odd.json().get("anomalyScore").asDouble()).isGreaterThan(usual.json().get("anomalyScore").asDouble() + 0.05);
        // a true/false input says so when it gets something else, and the inference protocol describes it as BOOL
        Response notBool = http.postJson("/ml/predict", "{\"modelType\": \"slot-zeek\", \"features\": {\"id.orig_h\": \"10.0.0.7\", "
                + "\"id.resp_p\": 443, \"proto\": \"tcp\", \"duration\": 0.4, \"orig_bytes\": 900, \"conn_state\": \"SF\", "
                + "\"local_orig\": \"maybe\"}}");
        assertThat(notBool.status()).as(notBool.toString()).isEqualTo(422);
        assertThat(notBool.json().get("errors").toString()).contains("features.local_orig", "must be true or false", "'maybe'");
        // nor a number other than 1 and 0, which would fall on either side of its splits: one record, a batch, a tensor
        String event = "\"id.orig_h\": \"10.0.0.7\", \"id.resp_p\": 443, \"proto\": \"tcp\", \"duration\": 0.4, "
                + "\"orig_bytes\": 900, \"conn_state\": \"SF\", \"local_orig\": ";
        Response two = http.postJson("/ml/predict", "{\"modelType\": \"slot-zeek\", \"features\": {" + event + "2}}");
        assertThat(two.status()).as(two.toString()).isEqualTo(422);
        assertThat(two.json().get("errors").toString()).contains("features.local_orig", "must be true or false", "got 2");
        Response batch = http.postJson("/ml/models/" + id + "/predict",
                "{\"instances\": [{" + event + "1}, {" + event + "\"no\"}, {" + event + "0.5}]}");
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.json().toString()).contains("instances[2].local_orig", "got 0.5").doesNotContain("instances[0]", "instances[1]");
        Response tensor = http.postJson("/v2/models/conn-outliers/infer", "{\"inputs\": [{\"name\": \"local_orig\", \"shape\": [1], "
                + "\"datatype\": \"FP64\", \"data\": [3]}, {\"name\": \"duration\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}]}");
        assertThat(tensor.status()).as(tensor.toString()).isEqualTo(400);
        assertThat(tensor.json().get("error").asText()).contains("local_orig: row 0: must be true or false", "got 3");
        Map<String, String> datatypes = new java.util.HashMap<>();
        http.get("/v2/models/conn-outliers").json().get("inputs").forEach(i -> datatypes.put(i.get("name").asText(), i.get("datatype").asText()));
        assertThat(datatypes).containsEntry("local_orig", "BOOL").containsEntry("duration", "FP64").containsEntry("proto", "BYTES");
    }

    @Test
    void aTimestampInputIsTrainedOnWithAWarning() throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 300; i++) {
            csv.append(java.time.Instant.ofEpochSecond(1_700_000_000L + 300L * i)).append(',').append(i % 17).append('\n');
        }
        String series = http.upload("/ml/datasets/upload", "cpu.csv", csv.toString().getBytes(StandardCharsets.UTF_8), Map.of())
                .json().get("id").asText();
        String id = http.postJson("/ml/models", "{\"modelName\": \"cpu-z\", \"modelType\": \"slot-cpu\", \"algorithm\": \"zscore\"}")
                .json().get("id").asText();
        String job = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + series + "\"}").json().get("id").asText();
        assertThat(ModelLifecycleITSupport.waitForJob(http, job, Duration.ofSeconds(60)).get("state").asText()).isEqualTo("succeeded");
        assertThat(http.get("/ml/jobs/" + job + "/logs").text()).contains("inputs [timestamp] are timestamps");
        JsonNode inputs = http.get("/ml/models/" + id + "/versions/1/inputs").json().get("inputs");
        assertThat(inputs.findValuesAsText("type")).containsExactly("timestamp", "integer");
    }

    @Test
    void datesAsTextAndHostAddressesAreTrainedOnWithAWarning() throws Exception {
        // CIC-IDS2017's own shapes: " Source IP" and " Timestamp" in its month/day/year, minutes-only form
        StringBuilder csv = new StringBuilder("Flow Duration, Source IP, Timestamp, Label\n");
        for (int i = 0; i < 400; i++) {
            csv.append(i * 37 % 1000).append(",192.168.10.").append(i % 20).append(",7/7/2017 3:").append(10 + i % 30)
                    .append(',').append(i % 2 == 0 ? "BENIGN" : "DDoS").append('\n');
        }
        String flows = http.upload("/ml/datasets/upload", "flows.csv", csv.toString().getBytes(StandardCharsets.UTF_8), Map.of())
                .json().get("id").asText();
        String id = http.postJson("/ml/models", "{\"modelName\": \"cic-like\", \"modelType\": \"slot-cic\", \"algorithm\": \"gbm\","
                + " \"targetVariable\": \"Label\", \"hyperparameters\": {\"rounds\": 5}}").json().get("id").asText();
        String job = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + flows + "\"}").json().get("id").asText();
        assertThat(ModelLifecycleITSupport.waitForJob(http, job, Duration.ofSeconds(60)).get("state").asText()).isEqualTo("succeeded");
        String logs = http.get("/ml/jobs/" + job + "/logs").text();
        assertThat(logs).contains("inputs [Timestamp] hold dates or times as text ('7/7/2017 3:", "inputs [Source IP] are host addresses ('192.168.10.")
                .doesNotContain("[Flow Duration]");
    }

    /** A Zeek conn.log in its default TSV form; the service is unset for a third of the flows. */
    private static byte[] zeekConnLog(int rows, long seed) {
        java.util.Random random = new java.util.Random(seed);
        StringBuilder log = new StringBuilder("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
                + "#path\tconn\n#open\t2019-01-11-00-00-00\n"
                + "#fields\tts\tuid\tid.orig_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tconn_state\tlocal_orig\n"
                + "#types\ttime\tstring\taddr\tport\tenum\tstring\tinterval\tcount\tstring\tbool\n");
        for (int i = 0; i < rows; i++) {
            int kind = random.nextInt(3);
            log.append(1547164800 + i).append(".25\tC").append(Long.toHexString(random.nextLong())).append("\t10.0.0.")
                    .append(1 + random.nextInt(20)).append('\t').append(kind == 0 ? 80 : kind == 1 ? 443 : 53).append('\t')
                    .append(kind == 2 ? "udp" : "tcp").append('\t').append(kind == 0 ? "http" : kind == 1 ? "ssl" : "-").append('\t')
                    .append(String.format(java.util.Locale.ROOT, "%.4f", random.nextDouble())).append('\t')
                    .append(200 + random.nextInt(3000)).append('\t').append(random.nextInt(10) == 0 ? "S0" : "SF").append('\t')
                    .append(random.nextBoolean() ? 'T' : 'F').append('\n');
        }
        return log.append("#close\t2019-01-11-01-00-00\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rowsWithoutALabelAreLeftOutOfTrainingAndSaidSo() throws Exception {
        String[] lines = new String(GeneratedFlows.csv(600, 21), StandardCharsets.UTF_8).split("\n");
        StringBuilder csv = new StringBuilder(lines[0]).append('\n');
        for (int i = 1; i < lines.length; i++) {
            csv.append(i % 20 == 0 ? lines[i].substring(0, lines[i].lastIndexOf(',') + 1) : lines[i]).append('\n'); // 30 unlabelled
        }
        String dataset = upload(csv.toString().getBytes(StandardCharsets.UTF_8), "partly-labelled.csv");
        String id = model("partly-labelled", "slot-k", 5);
        String job = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + dataset + "\"}").json().get("id").asText();
        JsonNode done = ModelLifecycleITSupport.waitForJob(http, job, Duration.ofSeconds(60));
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.get("result").get("metrics").get("rows").asDouble()).isEqualTo(114); // a 0.2 hold-out of the 570 labelled rows
        assertThat(http.get("/ml/jobs/" + job + "/logs").text()).contains("30 rows without a label in 'label' left out");
    }

    @Test
    void validationDataWithoutAnInputColumnIsRefusedNotScoredAsMissing() throws Exception {
        String id = model("needs-bytes", "slot-l", 5);
        assertThat(ModelLifecycleITSupport.waitForJob(http, train(id, 0), Duration.ofSeconds(60)).get("state").asText()).isEqualTo("succeeded");
        StringBuilder csv = new StringBuilder("duration,dst_port,proto,label\n");
        for (Map<String, Object> r : GeneratedFlows.rows(200, 31)) {
            csv.append(r.get("duration")).append(',').append(r.get("dst_port")).append(',').append(r.get("proto")).append(',')
                    .append(r.get("label")).append('\n');
        }
        String noBytes = upload(csv.toString().getBytes(StandardCharsets.UTF_8), "no-bytes.csv");
        Response refused = http.postJson("/ml/models/" + id + "/validate", "{\"datasetId\": \"" + noBytes + "\"}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().get("detail").asText()).contains("lacks inputs of the model: [bytes]");
    }

    @Test
    void aMeasurementAsTargetIsRefusedWhenTheTrainingIsAsked() {
        Response created = http.postJson("/ml/models", "{\"modelName\": \"bytes-as-label\", \"modelType\": \"slot-m\", "
                + "\"algorithm\": \"gbm\", \"targetVariable\": \"bytes\"}");
        String id = created.json().get("id").asText();
        Response refused = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + datasetId + "\"}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().get("detail").asText()).contains("'bytes' has about").contains("at most 200 classes");
        assertThat(http.get("/ml/models/" + id).json().get("status").asText()).isEqualTo("created"); // nothing queued
    }

    @Test
    void featuresAndDropsTheDatasetLacksAreRefusedWhenTheTrainingIsAsked() {
        String typo = http.postJson("/ml/models", "{\"modelName\": \"typo\", \"modelType\": \"slot-n\", \"algorithm\": \"gbm\", "
                + "\"targetVariable\": \"label\", \"features\": [\"bytes\", \"colour\"], \"dropColumns\": [\"duraton\"]}")
                .json().get("id").asText();
        Response refused = http.postJson("/ml/models/" + typo + "/train", "{\"datasetId\": \"" + datasetId + "\"}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().get("errors").toString()).contains("\"field\":\"features\"", "[colour]",
                "\"field\":\"dropColumns\"", "[duraton]");
        assertThat(http.get("/ml/models/" + typo).json().get("status").asText()).isEqualTo("created"); // nothing queued
    }

    @Test
    void aDryRunChecksADefinitionAndStoresAndAuditsNothing() throws Exception {
        String body = "{\"modelName\": \"dry\", \"modelType\": \"slot-dry\", \"algorithm\": \"gbm\", \"targetVariable\": \"label\","
                + " \"hyperparameters\": {\"rounds\": 5}}";
        Response ok = http.postJson("/ml/models?dryRun=true", body);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("modelName").asText()).isEqualTo("dry");
        assertThat(ok.json().get("status").asText()).isEqualTo("created");
        assertThat(http.get("/ml/models?name=dry").json().get("total").asInt()).as("nothing stored").isZero();

        Response bad = http.postJson("/ml/models?dryRun=true", "{\"modelName\": \"dry\", \"modelType\": \"slot-dry\","
                + " \"algorithm\": \"gbm\", \"targetVariable\": \"label\", \"hyperparameters\": {\"rounds\": -1}}");
        assertThat(bad.status()).as("the same refusal a registration gets").isEqualTo(400);
        assertThat(bad.text()).contains("hyperparameters", "rounds");

        model("dry-taken", "slot-dry", 5);
        Response taken = http.postJson("/ml/models?dryRun=true", body.replace("\"dry\"", "\"dry-taken\""));
        assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
        assertThat(http.postJson("/ml/models?dryRun=maybe", body).status()).isEqualTo(400);

        Response created = http.postJson("/ml/models", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        // the registration is audited (its 201), the dry runs are not (their 200s)
        String id = created.json().get("id").asText();
        JsonNode rows = null;
        for (long end = System.nanoTime() + 5_000_000_000L; System.nanoTime() < end; Thread.sleep(100)) {
            rows = http.get("/ml/audit?object=" + id).json().get("items");
            if (rows.size() > 0) {
                break;
            }
        }
        assertThat(rows).as("the registration's row").hasSize(1);
        assertThat(rows.get(0).get("action").asText()).isEqualTo("POST /ml/models");
        assertThat(rows.get(0).get("result").asInt()).isEqualTo(201);
        long dryRows = 0;
        for (JsonNode e : http.get("/ml/audit?size=500").json().get("items")) {
            dryRows += e.path("action").asText().equals("POST /ml/models") && e.path("result").asInt() == 200 ? 1 : 0;
        }
        assertThat(dryRows).as("no row for the dry runs").isZero();

        // a change, dry: checked, nothing stored
        Response change = http.send("PUT", "/ml/models/" + id + "?dryRun=true", "application/json",
                "{\"description\": \"dry change\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(change.status()).as(change.toString()).isEqualTo(200);
        assertThat(change.json().get("description").asText()).isEqualTo("dry change");
        assertThat(http.get("/ml/models/" + id).json().path("description").asText()).isNotEqualTo("dry change");
        Response renamed = http.send("PUT", "/ml/models/" + id + "?dryRun=true", "application/json",
                "{\"modelName\": \"dry-taken\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(409);
        Response badChange = http.send("PUT", "/ml/models/" + id + "?dryRun=true", "application/json",
                "{\"hyperparameters\": {\"rounds\": -1}}".getBytes(StandardCharsets.UTF_8));
        assertThat(badChange.status()).isEqualTo(400);
    }

    @Test
    void updateAndDelete() {
        String id = model("editable", "slot-f", 5);
        Response updated = http.send("PUT", "/ml/models/" + id, "application/json",
                "{\"description\": \"better\", \"tags\": [\"x\"], \"hyperparameters\": {\"rounds\": 7}}".getBytes(StandardCharsets.UTF_8));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("description").asText()).isEqualTo("better");
        assertThat(updated.json().get("hyperparameters").get("rounds").asInt()).isEqualTo(7);
        assertThat(updated.json().get("modelType").asText()).isEqualTo("slot-f");
        assertThat(http.send("PUT", "/ml/models/" + id, "application/json", "{\"modelType\": \"other\"}".getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(400);
        assertThat(http.delete("/ml/models/" + id).status()).isEqualTo(204);
        assertThat(http.get("/ml/models/" + id).status()).isEqualTo(404);
    }

    @Test
    void aDeployedModelTrainsItsNextVersionWhileTheDeployedOneServes() throws Exception {
        String id = model("live", "slot-live", 10);
        ModelLifecycleITSupport.waitForJob(http, train(id, 0), Duration.ofSeconds(60));
        awaitStatus(id, "trained");
        String holdout = upload(GeneratedFlows.csv(500, 98), "holdout-live.csv");
        http.postJson("/ml/models/" + id + "/validate", "{\"datasetId\": \"" + holdout + "\"}");
        assertThat(http.postJson("/ml/models/" + id + "/deploy", "{}").status()).isEqualTo(200);

        // a slow training of version 2: the model stays deployed and version 1 answers
        Response slow = http.postJson("/ml/models/" + id + "/train",
                "{\"datasetId\": \"" + datasetId + "\", \"hyperparameters\": {\"rounds\": 5000, \"max_depth\": 6}}");
        assertThat(slow.status()).as(slow.toString()).isEqualTo(202);
        awaitRunning(slow.json().get("id").asText());
        assertThat(http.get("/ml/models/" + id).json().get("status").asText()).isEqualTo("deployed");
        assertThat(servingVersion()).isEqualTo(1);
        Response second = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + datasetId + "\"}");
        assertThat(second.status()).as(second.toString()).isEqualTo(409);
        assertThat(second.json().get("detail").asText()).contains("already training");
        Response changed = http.send("PUT", "/ml/models/" + id, "application/json",
                "{\"description\": \"mid-training\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(409);
        http.send("POST", "/ml/jobs/" + slow.json().get("id").asText() + "/cancel", null, new byte[0]);
        assertThat(ModelLifecycleITSupport.waitForJob(http, slow.json().get("id").asText(), Duration.ofSeconds(30)).get("state").asText())
                .isEqualTo("cancelled");
        assertThat(http.get("/ml/models/" + id).json().get("status").asText()).isEqualTo("deployed");
        assertThat(http.get("/ml/models/" + id).json().get("latestVersion").asInt()).isEqualTo(1);

        // version 2 trains, waits for validation while version 1 serves, then replaces it
        assertThat(ModelLifecycleITSupport.waitForJob(http, train(id, 0), Duration.ofSeconds(60)).get("state").asText())
                .isEqualTo("succeeded");
        JsonNode model = http.get("/ml/models/" + id).json();
        assertThat(model.get("status").asText()).isEqualTo("deployed");
        assertThat(model.get("latestVersion").asInt()).isEqualTo(2);
        assertThat(model.get("deployedVersion").asInt()).isEqualTo(1);
        assertThat(http.postJson("/ml/models/" + id + "/deploy", "{\"version\": 2}").status()).isEqualTo(409); // not validated
        assertThat(http.postJson("/ml/models/" + id + "/validate", "{\"datasetId\": \"" + holdout + "\", \"version\": 2}")
                .json().get("passed").asBoolean()).isTrue();
        assertThat(http.get("/ml/models/" + id).json().get("status").asText()).isEqualTo("deployed");
        assertThat(servingVersion()).isEqualTo(1);
        assertThat(http.postJson("/ml/models/" + id + "/deploy", "{\"version\": 2}").json().get("version").asInt()).isEqualTo(2);
        Instant deadline = Instant.now().plusSeconds(5);
        while (servingVersion() != 2) { // other instances pick a deploy up within a second; this one at once
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    private static int servingVersion() {
        Response r = http.postJson("/ml/predict", "{\"modelType\": \"slot-live\", \"features\": "
                + "{\"bytes\": 40, \"duration\": 0.01, \"dst_port\": 22, \"proto\": \"tcp\"}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("model").get("version").asInt();
    }

    private static String model(String name, String type, int rounds) {
        Response r = http.postJson("/ml/models", "{\"modelName\": \"" + name + "\", \"modelType\": \"" + type
                + "\", \"algorithm\": \"gbm\", \"targetVariable\": \"label\", \"hyperparameters\": {\"rounds\": " + rounds
                + ", \"max_depth\": 4}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static String train(String modelId, int priority) {
        Response r = http.postJson("/ml/models/" + modelId + "/train",
                "{\"datasetId\": \"" + datasetId + "\", \"priority\": " + priority + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().get("id").asText();
    }

    private static String upload(byte[] csv, String name) {
        return http.upload("/ml/datasets/upload", name, csv, Map.of("name", name, "labelColumn", "label")).json().get("id").asText();
    }

    private static void awaitRunning(String jobId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!"training".equals(http.get("/ml/jobs/" + jobId).json().path("progress").path("phase").asText())) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    private static void awaitStatus(String id, String status) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!status.equals(http.get("/ml/models/" + id).json().get("status").asText())) {
            assertThat(Instant.now()).as(id + " never " + status).isBefore(deadline);
            Thread.sleep(20);
        }
    }
}
