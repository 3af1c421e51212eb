package io.vigil.server.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Serving over HTTP against a real server and database: a small gradient-boosting model trained on
 * generated flows is deployed as the {@code intrusion} model, then scored one record at a time, in
 * batches, with explanations; bad records are refused field by field; predictions are recorded.
 */
class PredictionIT {
    static TestServer server;
    static HttpTestClient http;
    static String modelId;
    static ServingFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1"));
        http = server.http();
        fixture = new ServingFixture(http);
        modelId = fixture.validatedModel("flows-gbm", "intrusion", 1);
        fixture.deploy(modelId, 1);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theActiveModelOfATypeScoresOneRecord() {
        Map<String, Object> attack = Map.of("bytes", 40, "duration", 0.01, "dst_port", 22, "proto", "tcp");
        Response r = predict(Map.of("modelType", "intrusion", "features", attack));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode p = r.json();
        assertThat(UUID.fromString(p.get("predictionId").asText()).version()).as("time-ordered id").isEqualTo(7);
        assertThat(p.get("label").asText()).isEqualTo("attack");
        double sum = p.get("probabilities").get("attack").asDouble() + p.get("probabilities").get("normal").asDouble();
        assertThat(sum).isCloseTo(1.0, within(1e-9));
        assertThat(p.get("confidence").asDouble()).isEqualTo(p.get("probabilities").get("attack").asDouble());
        assertThat(p.get("confidence").asDouble()).isGreaterThan(0.5);
        assertThat(p.get("model").get("id").asText()).isEqualTo(modelId);
        assertThat(p.get("model").get("name").asText()).isEqualTo("flows-gbm");
        assertThat(p.get("model").get("version").asInt()).isEqualTo(1);
        assertThat(p.has("anomalyScore")).isFalse();
        assertThat(p.has("explanation")).isFalse();

        Map<String, Object> normal = Map.of("bytes", 30_000, "duration", 12.5, "dst_port", 443, "proto", "tcp");
        assertThat(predict(Map.of("modelName", "flows-gbm", "features", normal)).json().get("label").asText()).isEqualTo("normal");
        Response byPath = http.postJson("/ml/models/" + modelId + "/predict", Json.write(Map.of("features", normal, "version", 1)));
        assertThat(byPath.status()).as(byPath.toString()).isEqualTo(200);
        assertThat(byPath.json().get("label").asText()).isEqualTo("normal");
    }

    @Test
    void pythonsNanAndInfinityTokensReadAsMissingValues() {
        // requests.post(url, json={"features": row}) with a pandas row: json.dumps writes NaN and Infinity bare
        String asNull = "{\"modelType\": \"intrusion\", \"features\": {\"bytes\": null, \"duration\": null, \"dst_port\": 22, \"proto\": \"tcp\"}}";
        String bare = "{\"modelType\": \"intrusion\", \"features\": {\"bytes\": NaN, \"duration\": Infinity, \"dst_port\": 22, \"proto\": \"tcp\"}}";
        Response expected = http.postJson("/ml/predict", asNull);
        Response single = http.postJson("/ml/predict", bare);
        assertThat(single.status()).as(single.toString()).isEqualTo(200);
        assertThat(single.json().get("probabilities")).isEqualTo(expected.json().get("probabilities"));
        Response batch = http.postJson("/ml/predict", "{\"modelType\": \"intrusion\", \"instances\": [{\"bytes\": -Infinity, "
                + "\"duration\": NaN, \"dst_port\": 22, \"proto\": \"tcp\"}]}");
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.json().get("predictions").get(0).get("probabilities")).isEqualTo(expected.json().get("probabilities"));
    }

    @Test
    void batchesScoreEveryRecordInOrderAndMatchTheLabelsMostly() {
        List<Map<String, Object>> rows = GeneratedFlows.rows(300, 7);
        List<Map<String, Object>> instances = GeneratedFlows.features(300, 7);
        Response r = http.postJson("/ml/models/" + modelId + "/batch-predict", Json.write(Map.of("instances", instances)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode batch = r.json();
        assertThat(batch.get("count").asInt()).isEqualTo(300);
        assertThat(batch.get("partial").asBoolean()).isFalse();
        assertThat(batch.get("failed").asInt()).isZero();
        int correct = 0;
        for (int i = 0; i < 300; i++) {
            if (batch.get("predictions").get(i).get("label").asText().equals(rows.get(i).get("label"))) {
                correct++;
            }
        }
        assertThat(correct).isGreaterThan(270); // 3% label noise in the data

        // the same through /ml/predict with instances, and single predictions agree with the batch
        JsonNode viaPredict = predict(Map.of("modelType", "intrusion", "instances", instances.subList(0, 5))).json();
        for (int i = 0; i < 5; i++) {
            JsonNode single = predict(Map.of("modelType", "intrusion", "features", instances.get(i))).json();
            assertThat(viaPredict.get("predictions").get(i).get("probabilities"))
                    .isEqualTo(batch.get("predictions").get(i).get("probabilities")).isEqualTo(single.get("probabilities"));
        }
    }

    @Test
    void explanationsAddUpToTheMarginOnRealRows() {
        List<Map<String, Object>> instances = GeneratedFlows.features(100, 21);
        Response r = predict(Map.of("modelType", "intrusion", "instances", instances, "explain", true, "topK", 100));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        for (JsonNode p : r.json().get("predictions")) {
            JsonNode e = p.get("explanation");
            double sum = e.get("bias").asDouble();
            for (JsonNode c : e.get("contributions")) {
                sum += c.get("contribution").asDouble();
            }
            assertThat(e.get("contributions")).hasSizeBetween(1, 4);
            e.get("contributions").forEach(c -> assertThat(c.get("contribution").asDouble()).isNotZero());
            assertThat(e.get("marginOf").asText()).isEqualTo("log-odds");
            assertThat(sum).isCloseTo(e.get("margin").asDouble(), within(1e-6));
            // the margin is the log-odds of the explained class
            double q = p.get("probabilities").get(e.get("explainedClass").asText()).asDouble();
            assertThat(Math.log(q / (1 - q))).isCloseTo(e.get("margin").asDouble(), within(1e-6));
        }
        JsonNode top2 = predict(Map.of("modelType", "intrusion", "features", instances.get(0), "explain", true, "topK", 2))
                .json().get("explanation").get("contributions");
        assertThat(top2).hasSize(2);
        assertThat(Math.abs(top2.get(0).get("contribution").asDouble())).isGreaterThanOrEqualTo(Math.abs(top2.get(1).get("contribution").asDouble()));
        assertThat(top2.get(0).get("value")).isEqualTo(Json.MAPPER.valueToTree(instances.get(0).get(top2.get(0).get("feature").asText())));
    }

    @Test
    void recordsThatDoNotFitTheModelAreRefusedFieldByField() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("bytes", "lots");          // text in a numeric input
        bad.put("dst_port", 22);
        bad.put("proto", "tcp");
        bad.put("country", "NL");          // unknown; duration missing
        Response r = predict(Map.of("modelType", "intrusion", "features", bad));
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        r.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("features.bytes", "features.country", "features.duration");

        // null is an explicit "unknown": imputed, not refused
        Map<String, Object> withNull = new LinkedHashMap<>(Map.of("bytes", 40, "dst_port", 22, "proto", "tcp"));
        withNull.put("duration", null);
        assertThat(predict(Map.of("modelType", "intrusion", "features", withNull)).status()).isEqualTo(200);
        // a labelled record replayed carries its label: known to the model, ignored
        Map<String, Object> labelled = Map.of("bytes", 40, "duration", 0.01, "dst_port", 22, "proto", "tcp", "label", "attack");
        Response replayed = predict(Map.of("modelType", "intrusion", "features", labelled));
        assertThat(replayed.status()).as(replayed.toString()).isEqualTo(200);
        Response batch = predict(Map.of("modelType", "intrusion", "instances", List.of(labelled, labelled)));
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        // a JSON boolean in a numeric input reads as 1/0, as a BOOLEAN column trained
        Map<String, Object> flag = Map.of("bytes", 40, "duration", 0.01, "dst_port", 22, "proto", "tcp");
        Map<String, Object> withTrue = new LinkedHashMap<>(flag);
        withTrue.put("duration", true);
        assertThat(predict(Map.of("modelType", "intrusion", "features", withTrue)).status()).isEqualTo(200);
        // and so are the missing tokens of uploaded files, by the engine's one rule
        for (String missing : List.of("N/A", "Infinity", "NaN", "?")) {
            Map<String, Object> tokens = Map.of("bytes", missing, "duration", 0.01, "dst_port", 22, "proto", "tcp");
            Response ok = predict(Map.of("modelType", "intrusion", "features", tokens));
            assertThat(ok.status()).as(missing + ": " + ok).isEqualTo(200);
        }
    }

    @Test
    void aBatchReportsBadRowsInPlaceAndScoresTheOthers() {
        Map<String, Object> good = Map.of("bytes", 40, "duration", 0.01, "dst_port", 22, "proto", "tcp");
        Map<String, Object> missing = Map.of("bytes", 40, "dst_port", 22, "proto", "tcp");
        Map<String, Object> wrongType = Map.of("bytes", 40, "duration", List.of(1), "dst_port", 22, "proto", "tcp");
        Response r = predict(Map.of("modelType", "intrusion", "instances", List.of(good, missing, good, wrongType)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode b = r.json();
        assertThat(b.get("partial").asBoolean()).isTrue();
        assertThat(b.get("failed").asInt()).isEqualTo(2);
        JsonNode items = b.get("predictions");
        assertThat(items.get(0).get("label").asText()).isEqualTo("attack");
        assertThat(items.get(1).get("index").asInt()).isEqualTo(1);
        assertThat(items.get(1).get("error").get("errors").get(0).get("field").asText()).isEqualTo("instances[1].duration");
        assertThat(items.get(2).get("label").asText()).isEqualTo("attack");
        assertThat(items.get(3).get("error").get("errors").get(0).get("field").asText()).isEqualTo("instances[3].duration");

        // a record that is no object, a field given twice (the last counts, as in a JSON object), unknown fields
        Response odd = http.postJson("/ml/predict", """
                {"modelType": "intrusion", "instances": [
                  7,
                  {"bytes": "lots", "bytes": 40, "duration": 0.01, "dst_port": 22, "proto": "tcp"},
                  {"bytes": 40, "duration": 0.01, "dst_port": 22, "proto": "tcp", "colour": "red"}
                ]}""");
        assertThat(odd.status()).as(odd.toString()).isEqualTo(200);
        JsonNode oddItems = odd.json().get("predictions");
        assertThat(oddItems.get(0).get("error").get("errors").get(0).get("message").asText()).contains("must be an object");
        assertThat(oddItems.get(1).get("label").asText()).isEqualTo("attack");
        assertThat(oddItems.get(2).get("error").get("errors").get(0).get("field").asText()).isEqualTo("instances[2].colour");
        Response notAList = http.postJson("/ml/predict", "{\"modelType\": \"intrusion\", \"instances\": 5}");
        assertThat(notAList.status()).isEqualTo(400);
        assertThat(notAList.json().get("errors").get(0).get("field").asText()).isEqualTo("instances");
        assertThat(notAList.json().get("errors").get(0).get("message").asText()).contains("must be a list of records");

        // every row bad: still answered row by row (issue 16: a batch is not refused whole), each with its fields
        Response allBad = predict(Map.of("modelType", "intrusion", "instances", List.of(missing, missing)));
        assertThat(allBad.status()).as(allBad.toString()).isEqualTo(200);
        assertThat(allBad.json().get("failed").asInt()).isEqualTo(2);
        assertThat(allBad.json().get("partial").asBoolean()).isTrue();
        for (int i = 0; i < 2; i++) {
            assertThat(allBad.json().get("predictions").get(i).get("error").get("errors")).hasSize(1);
            assertThat(allBad.json().get("predictions").get(i).get("error").get("errors").get(0).get("field").asText())
                    .isEqualTo("instances[" + i + "].duration");
        }
        assertThat(allBad.json().has("modelInputs")).as("no unknown field: the inputs are not listed").isFalse();
    }

    @Test
    void badRequestsAndUnknownModels() {
        Map<String, Object> f = Map.of("bytes", 40, "duration", 0.01, "dst_port", 22, "proto", "tcp");
        assertThat(predict(Map.of("features", f)).status()).isEqualTo(400); // no model named
        assertThat(predict(Map.of("modelType", "intrusion", "modelName", "flows-gbm", "features", f)).status()).isEqualTo(400);
        assertThat(predict(Map.of("modelType", "intrusion")).status()).isEqualTo(400); // no record
        assertThat(predict(Map.of("modelType", "intrusion", "features", f, "topK", 0)).status()).isEqualTo(400);
        assertThat(predict(Map.of("modelType", "fraud", "features", f)).status()).isEqualTo(404); // nothing deployed there
        assertThat(predict(Map.of("modelId", UUID.randomUUID().toString(), "features", f)).status()).isEqualTo(404);
        assertThat(predict(Map.of("modelId", modelId, "version", 9, "features", f)).status()).isEqualTo(404);
        assertThat(http.postJson("/ml/models/" + modelId + "/batch-predict", Json.write(Map.of("features", f))).status()).isEqualTo(400);
        assertThat(http.postJson("/ml/models/" + modelId + "/predict", Json.write(Map.of("modelType", "x", "features", f))).status())
                .isEqualTo(400);
        assertThat(http.send("POST", "/ml/predict", "text/plain", "x".getBytes()).status()).isEqualTo(415);
        Response notAnObject = http.postJson("/ml/predict", "{\"modelType\": \"intrusion\", \"features\": [40, 0.01]}");
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(notAnObject.json().get("errors").get(0).get("field").asText()).isEqualTo("features");
        Response nested = http.postJson("/ml/predict", "{\"modelType\": \"intrusion\", \"features\": {\"bytes\": {\"v\": 40},"
                + " \"duration\": [0.01], \"dst_port\": 22, \"proto\": \"tcp\", \"proto\": \"udp\"}}");
        assertThat(nested.status()).as(nested.toString()).isEqualTo(422);
        List<String> fields = new ArrayList<>();
        nested.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("features.bytes", "features.duration");
        // a categorical input reads a nested value as its JSON text, as a JSON Lines upload trained it
        String nestedCategory = "{\"bytes\": 40, \"duration\": 0.01, \"dst_port\": 22, \"proto\": [\"tcp\", \"udp\"]}";
        Response one = http.postJson("/ml/predict", "{\"modelType\": \"intrusion\", \"explain\": true, \"features\": " + nestedCategory + "}");
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        Response batch = http.postJson("/ml/predict", "{\"modelType\": \"intrusion\", \"instances\": [" + nestedCategory + "]}");
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.json().get("failed").asInt()).isZero();
    }

    @Test
    void bodiesWithoutALengthAreReadAndBodiesPastTheLimitAreRefused() {
        Map<String, Object> f = Map.of("bytes", 41, "duration", 0.01, "dst_port", 22, "proto", "tcp");
        byte[] body = Json.write(Map.of("modelType", "intrusion", "features", f)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Response chunked = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/ml/predict"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
        assertThat(chunked.status()).as(chunked.toString()).isEqualTo(200);
        assertThat(chunked.json().get("probabilities")).isEqualTo(predict(Map.of("modelType", "intrusion", "features", f)).json()
                .get("probabilities"));
        byte[] tooLarge = new byte[(int) io.vigil.server.http.Bodies.MAX_BYTES + 1];
        java.util.Arrays.fill(tooLarge, (byte) ' ');
        Response refused = http.send("POST", "/ml/predict", "application/json", tooLarge);
        assertThat(refused.status()).isEqualTo(413);
        Response empty = http.send("POST", "/ml/predict", "application/json", new byte[0]);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("detail").asText()).contains("body is empty");
    }

    @Test
    void repeatedRecordsAreServedFromTheCache() {
        Map<String, Object> f = Map.of("bytes", 123, "duration", 0.5, "dst_port", 23, "proto", "tcp");
        long hits = http.get("/ml/serving/stats").json().get("cache").get("hits").asLong();
        JsonNode first = predict(Map.of("modelType", "intrusion", "features", f)).json();
        JsonNode second = predict(Map.of("modelType", "intrusion", "features", f)).json();
        assertThat(second.get("probabilities")).isEqualTo(first.get("probabilities"));
        assertThat(second.get("predictionId")).isNotEqualTo(first.get("predictionId"));
        JsonNode stats = http.get("/ml/serving/stats").json();
        assertThat(stats.get("cache").get("hits").asLong()).isGreaterThan(hits);
        assertThat(stats.get("cache").get("misses").asLong()).isPositive();
        // the version that answered is loaded, named, and counted against the memory budget
        JsonNode loaded = null;
        for (JsonNode v : stats.get("loadedModels")) {
            if (v.get("modelId").asText().equals(first.get("model").get("id").asText())) loaded = v;
        }
        assertThat(loaded).as(stats.toString()).isNotNull();
        assertThat(loaded.get("modelType").asText()).isEqualTo("intrusion");
        assertThat(loaded.get("name").asText()).isEqualTo(first.get("model").get("name").asText());
        assertThat(loaded.get("bytes").asLong()).isPositive();
        assertThat(stats.get("modelMemory").get("usedBytes").asLong()).isGreaterThanOrEqualTo(loaded.get("bytes").asLong())
                .isLessThanOrEqualTo(stats.get("modelMemory").get("budgetBytes").asLong());
    }

    @Test
    void aModelCanKeepItsPredictionsOutOfTheCache() throws Exception {
        String id = fixture.validatedModel("uncached", "uncached-slot", 1);
        Response updated = http.send("PUT", "/ml/models/" + id, "application/json",
                "{\"predictionCache\": false}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(updated.json().get("predictionCache").asBoolean()).as(updated.toString()).isFalse();
        fixture.deploy(id, 1);
        Map<String, Object> f = Map.of("bytes", 77, "duration", 0.25, "dst_port", 22, "proto", "tcp");
        assertThat(predict(Map.of("modelType", "uncached-slot", "features", f)).status()).isEqualTo(200);
        JsonNode before = http.get("/ml/serving/stats").json().get("cache");
        JsonNode first = predict(Map.of("modelType", "uncached-slot", "features", f)).json();
        JsonNode second = predict(Map.of("modelType", "uncached-slot", "features", f)).json();
        assertThat(second.get("probabilities")).isEqualTo(first.get("probabilities"));
        JsonNode after = http.get("/ml/serving/stats").json().get("cache");
        assertThat(after.get("hits").asLong()).isEqualTo(before.get("hits").asLong());
        assertThat(after.get("misses").asLong()).isEqualTo(before.get("misses").asLong());
    }

    @Test
    void everyPredictionIsRecordedForMonitoring() throws Exception {
        Map<String, Object> f = Map.of("bytes", 77, "duration", 0.02, "dst_port", 22, "proto", "tcp");
        JsonNode p = predict(Map.of("modelType", "intrusion", "features", f)).json();
        UUID id = UUID.fromString(p.get("predictionId").asText());
        onceRecorded("select model_id, version, at, numbers, categories, label, confidence, probabilities, anomaly_score"
                + " from prediction_log where id = ?", id, rs -> {
            assertThat(rs.getObject(1, UUID.class).toString()).isEqualTo(modelId);
            assertThat(rs.getInt(2)).isEqualTo(1);
            assertThat(rs.getObject(3, java.time.OffsetDateTime.class).toInstant())
                    .isBetween(Instant.now().minusSeconds(60), Instant.now());
            // the inputs, split by kind, in the model's input order
            assertThat((Float[]) rs.getArray(4).getArray()).containsExactlyInAnyOrder(77f, 0.02f, 22f);
            assertThat((String[]) rs.getArray(5).getArray()).containsExactly("tcp");
            assertThat(rs.getString(6)).isEqualTo(p.get("label").asText());
            assertThat(rs.getFloat(7)).isEqualTo((float) p.get("confidence").asDouble());
            Float[] probabilities = (Float[]) rs.getArray(8).getArray();
            List<Float> answered = new java.util.ArrayList<>();
            p.get("probabilities").elements().forEachRemaining(v -> answered.add((float) v.asDouble()));
            assertThat(probabilities).containsExactlyElementsOf(answered); // both in class order
            rs.getFloat(9);
            assertThat(rs.wasNull()).as("no anomaly score for a classifier").isTrue();
        });
        JsonNode recording = http.get("/ml/serving/stats").json().get("recording");
        assertThat(recording.get("written").asLong()).isPositive();
        assertThat(recording.get("dropped").asLong()).isZero();
    }

    @Test
    void singlePredictionsMadeTogetherAreEachLoggedUnderTheirOwnId() throws Exception {
        Map<UUID, String> labels = new java.util.concurrent.ConcurrentHashMap<>();
        Map<UUID, Float> bytes = new java.util.concurrent.ConcurrentHashMap<>();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int client = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 25; i++) {
                    Map<String, Object> f = Map.of("bytes", 100 * client + i, "duration", 0.5, "dst_port", 443, "proto", "udp");
                    JsonNode p = predict(Map.of("modelType", "intrusion", "features", f)).json();
                    UUID id = UUID.fromString(p.get("predictionId").asText());
                    labels.put(id, p.get("label").asText());
                    bytes.put(id, 100f * client + i);
                }
            });
            thread.start();
            clients.add(thread);
        }
        for (Thread thread : clients) {
            thread.join();
        }
        assertThat(labels).hasSize(100);
        for (Map.Entry<UUID, String> e : labels.entrySet()) {
            onceRecorded("select label, numbers from prediction_log where id = ?", e.getKey(), rs -> {
                assertThat(rs.getString(1)).isEqualTo(e.getValue());
                assertThat((Float[]) rs.getArray(2).getArray()).contains(bytes.get(e.getKey()));
            });
        }
        // the lookup the README gives: the row with the greatest id at or before it in its block
        UUID any = labels.keySet().iterator().next();
        onceRecorded("select ?::uuid::text, id::text, size from prediction_batches where id <= ?"
                + " and id >= overlay(?::text placing '0000' from 33 for 4)::uuid order by id desc limit 1", any, rs -> {
            long k = Long.parseLong(rs.getString(1).substring(32), 16) - Long.parseLong(rs.getString(2).substring(32), 16);
            assertThat(k).isBetween(0L, rs.getInt(3) - 1L);
        });
    }

    @Test
    void aStoredDatasetIsScoredByAJobIntoANewDatasetWithTheValidationAccuracy() throws Exception {
        Response queued = http.postJson("/ml/models/" + modelId + "/batch-predict", "{\"datasetId\": \"" + fixture.holdout + "\"}");
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        assertThat(queued.json().get("kind").asText()).isEqualTo("batch_predict");
        JsonNode job = fixture.waitForJob(queued.json().get("id").asText());
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        String resultId = job.get("result").get("datasetId").asText();
        assertThat(job.get("result").get("rows").asLong()).isEqualTo(600);

        String[] lines = http.get("/ml/datasets/" + resultId + "/download").text().split("\n");
        List<String> header = List.of(lines[0].split(","));
        assertThat(header).containsSubsequence("label", "predicted_label", "confidence", "p_attack");
        int label = header.indexOf("label");
        int predicted = header.indexOf("predicted_label");
        int correct = 0;
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            if (cells[label].equals(cells[predicted])) {
                correct++;
            }
        }
        assertThat(lines).hasSize(601);
        double validationAccuracy = http.get("/ml/models/" + modelId + "/versions/1").json()
                .get("validation").get("metrics").get("accuracy").asDouble();
        assertThat(correct / 600.0).isCloseTo(validationAccuracy, within(1e-12));

        // the same rows through /ml/predict in batches give the same accuracy
        List<Map<String, Object>> rows = GeneratedFlows.rows(600, 99);
        int syncCorrect = 0;
        for (int from = 0; from < 600; from += 200) {
            List<Map<String, Object>> instances = GeneratedFlows.features(600, 99).subList(from, from + 200);
            JsonNode batch = predict(Map.of("modelType", "intrusion", "instances", instances)).json();
            for (int i = 0; i < 200; i++) {
                if (batch.get("predictions").get(i).get("label").asText().equals(rows.get(from + i).get("label"))) {
                    syncCorrect++;
                }
            }
        }
        assertThat(syncCorrect).isEqualTo(correct);

        // a dataset without the model's inputs is refused before any job is queued
        assertThat(http.postJson("/ml/models/" + modelId + "/batch-predict", "{\"datasetId\": \"" + UUID.randomUUID() + "\"}")
                .status()).isEqualTo(404);
    }

    private static Response predict(Map<String, Object> body) {
        return http.postJson("/ml/predict", Json.write(body));
    }

    @Test
    void aBatchIsRecordedAsOneRowAndReadsBackAsOneRowPerPrediction() throws Exception {
        Map<String, Object> attack = Map.of("bytes", 40, "duration", 0.01, "dst_port", 22, "proto", "tcp");
        Map<String, Object> normal = Map.of("bytes", 30_000, "duration", 12.5, "dst_port", 443, "proto", "udp");
        Map<String, Object> bad = Map.of("bytes", "lots", "duration", 1, "dst_port", 80, "proto", "tcp");
        JsonNode results = predict(Map.of("modelType", "intrusion", "instances", List.of(attack, bad, normal))).json().get("predictions");
        UUID first = UUID.fromString(results.get(0).get("predictionId").asText());
        UUID third = UUID.fromString(results.get(2).get("predictionId").asText());
        assertThat(results.get(1).has("predictionId")).as("a refused row has no prediction").isFalse();
        assertThat(third).as("the scored rows' ids follow each other").isEqualTo(io.vigil.server.core.Uuids.inBlock(first, 1));
        onceRecorded("select size, labels from prediction_batches where id = ?", first, rs -> {
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat((String[]) rs.getArray(2).getArray()).containsExactly(results.get(0).get("label").asText(),
                    results.get(2).get("label").asText());
        });
        // monitoring reads every prediction through one view, one row each, whichever way it was logged
        onceRecorded("select numbers, categories, label, confidence, probabilities from prediction_log where id = ?", third, rs -> {
            assertThat((Float[]) rs.getArray(1).getArray()).containsExactlyInAnyOrder(30_000f, 12.5f, 443f);
            assertThat((String[]) rs.getArray(2).getArray()).containsExactly("udp");
            assertThat(rs.getString(3)).isEqualTo(results.get(2).get("label").asText());
            assertThat(rs.getFloat(4)).isEqualTo((float) results.get(2).get("confidence").asDouble());
            assertThat((Float[]) rs.getArray(5).getArray()).hasSize(2);
        });
    }

    private interface RowCheck {
        void check(ResultSet rs) throws Exception;
    }

    /** Waits (the log is written in the background) until {@code sql} finds the row for {@code id}, then checks it. */
    private static void onceRecorded(String sql, UUID id, RowCheck check) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", server.config().dbUser());
        try (Connection c = DriverManager.getConnection(server.config().dbUrl(), props);
             PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 1; i <= q.getParameterMetaData().getParameterCount(); i++) {
                q.setObject(i, id);
            }
            Instant deadline = Instant.now().plusSeconds(10);
            while (true) {
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        check.check(rs);
                        return;
                    }
                }
                assertThat(Instant.now()).as("prediction " + id + " never recorded").isBefore(deadline);
                Thread.sleep(50);
            }
        }
    }
}
