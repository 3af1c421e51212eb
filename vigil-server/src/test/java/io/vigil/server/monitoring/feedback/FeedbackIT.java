package io.vigil.server.monitoring.feedback;

import static io.vigil.server.monitoring.LiveFixture.awaitRecorded;
import static io.vigil.server.monitoring.LiveFixture.feedback;
import static io.vigil.server.monitoring.LiveFixture.item;
import static io.vigil.server.monitoring.LiveFixture.predict;
import static io.vigil.server.monitoring.LiveFixture.predictBatch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.core.Uuids;
import io.vigil.server.monitoring.LiveFixture;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /ml/feedback} on a real server: the true label of recorded predictions, one or a
 * batch, joined to the prediction and stored; unknown ids, labels the version does not know and
 * repeats refused item by item; later feedback replaces earlier; services and analysts may send it.
 */
class FeedbackIT {
    static final Map<String, Object> ATTACK = Map.of("bytes", 40, "duration", 0.01, "dst_port", 22, "proto", "tcp");
    static final Map<String, Object> NORMAL = Map.of("bytes", 30_000, "duration", 12.5, "dst_port", 443, "proto", "tcp");

    static TestServer server;
    static HttpTestClient http;
    static HttpTestClient sensor;
    static String modelId;
    static Jdbi db;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1"));
        http = server.http();
        sensor = server.anonymous().withApiKey(server.apiKey(Role.SERVICE));
        ServingFixture fixture = new ServingFixture(http);
        modelId = fixture.validatedModel("feedback-gbm", "intrusion", 1);
        fixture.deploy(modelId, 1);
        db = LiveFixture.database(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aServiceSendsOnePredictionsTrueLabelAndItIsStoredWithThePrediction() throws Exception {
        JsonNode p = predict(sensor, "intrusion", ATTACK);
        awaitRecorded(server, List.of(p));
        Response r = sensor.postJson("/ml/feedback", Json.write(Map.of("predictionId", p.get("predictionId").asText(),
                "actualLabel", "normal")));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(1);
        JsonNode answer = r.json().get("items").get(0);
        assertThat(answer.get("status").asText()).isEqualTo("accepted");
        assertThat(answer.get("replaced").asBoolean()).isFalse();
        assertThat(answer.get("modelId").asText()).isEqualTo(modelId);
        assertThat(answer.get("version").asInt()).isEqualTo(1);
        assertThat(answer.get("predictedLabel").asText()).isEqualTo("attack");
        assertThat(answer.get("actualLabel").asText()).isEqualTo("normal");
        assertThat(answer.get("correct").asBoolean()).isFalse();

        Map<String, Object> row = db.withHandle(h -> h.createQuery("select * from prediction_feedback where prediction_id = :id")
                .bind("id", UUID.fromString(p.get("predictionId").asText())).mapToMap().one());
        assertThat(row.get("model_id").toString()).isEqualTo(modelId);
        assertThat(row.get("predicted_label")).isEqualTo("attack");
        assertThat(row.get("actual_label")).isEqualTo("normal");
        assertThat(((Number) row.get("confidence")).floatValue()).isEqualTo((float) p.get("confidence").asDouble());
        assertThat(row.get("sent_by").toString()).startsWith("key:");
        assertThat(row.get("anomaly_score")).isNull();
        // the probabilities in the version's class order, as ROC AUC ranks them
        Float[] probabilities = (Float[]) ((java.sql.Array) row.get("probabilities")).getArray();
        assertThat(probabilities).containsExactlyInAnyOrder((float) p.get("probabilities").get("attack").asDouble(),
                (float) p.get("probabilities").get("normal").asDouble());
        Instant predictedAt = ((java.time.OffsetDateTime) db.withHandle(h -> h.createQuery(
                "select predicted_at from prediction_feedback where prediction_id = :id")
                .bind("id", UUID.fromString(p.get("predictionId").asText())).mapTo(java.time.OffsetDateTime.class).one())).toInstant();
        assertThat(predictedAt).isBetween(Instant.now().minusSeconds(60), Instant.now());

        // a change like any other: in the audit log, by the key that sent it (written off the request thread)
        Instant deadline = Instant.now().plusSeconds(10);
        JsonNode audited;
        do {
            audited = http.get("/ml/audit?action=" + java.net.URLEncoder.encode("POST /ml/feedback", java.nio.charset.StandardCharsets.UTF_8))
                    .json().get("items");
        } while (audited.isEmpty() && Instant.now().isBefore(deadline));
        assertThat(audited).isNotEmpty();
        assertThat(audited.get(0).get("actor").asText()).startsWith("key:");
        assertThat(audited.get(0).get("result").asInt()).isEqualTo(200);
    }

    @Test
    void aBatchIsAnsweredItemByItemAndNothingIsDropped() throws Exception {
        List<JsonNode> batch = predictBatch(sensor, "intrusion", List.of(ATTACK, NORMAL, ATTACK, NORMAL));
        JsonNode single = predict(sensor, "intrusion", NORMAL);
        List<JsonNode> all = new ArrayList<>(batch);
        all.add(single);
        awaitRecorded(server, all);
        String unknown = Uuids.timeOrdered(Instant.now().minusSeconds(3600)).toString(); // an hour old: no such prediction
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(item(batch.get(0), "attack"));                                         // 0 accepted, right
        items.add(item(batch.get(1), "attack"));                                         // 1 accepted, wrong
        items.add(Map.of("predictionId", unknown, "actualLabel", "attack"));              // 2 unknown prediction
        items.add(Map.of("predictionId", "not-an-id", "actualLabel", "attack"));          // 3 not an id
        items.add(Map.of("predictionId", UUID.randomUUID().toString(), "actualLabel", "attack")); // 4 a v4 UUID: not a prediction id
        items.add(item(batch.get(2), "dos"));                                             // 5 not a class of the version
        items.add(Map.of("predictionId", single.get("predictionId").asText()));           // 6 no label
        items.add(item(single, "normal"));                                                // 7 accepted
        items.add(item(single, "attack"));                                                // 8 the same prediction again
        items.add(item(batch.get(3), true));                                              // 9 a boolean: not a class here
        String farFuture = new UUID(0xFFFFFFFFFFFF7000L, 0x8000000000000000L).toString(); // year 10889
        items.add(Map.of("predictionId", farFuture, "actualLabel", "attack"));           // 10 no prediction of ours

        JsonNode answer = feedback(sensor, items);

        assertThat(answer.get("accepted").asInt()).isEqualTo(3);
        assertThat(answer.get("refused").asInt()).isEqualTo(8);
        JsonNode out = answer.get("items");
        assertThat(out).hasSize(items.size());
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i).get("index").asInt()).isEqualTo(i);
        }
        assertThat(out.get(0).get("status").asText()).isEqualTo("accepted");
        assertThat(out.get(0).get("correct").asBoolean()).isTrue();
        assertThat(out.get(1).get("correct").asBoolean()).isFalse();
        assertThat(out.get(1).get("predictedLabel").asText()).isEqualTo("normal");
        assertThat(out.get(2).get("error").asText()).isEqualTo("unknown-prediction");
        assertThat(out.get(2).get("detail").asText()).contains(unknown);
        assertThat(out.get(3).get("error").asText()).isEqualTo("invalid-prediction-id");
        assertThat(out.get(3).get("predictionId").asText()).isEqualTo("not-an-id");
        assertThat(out.get(4).get("error").asText()).isEqualTo("invalid-prediction-id");
        assertThat(out.get(5).get("error").asText()).isEqualTo("unknown-label");
        assertThat(out.get(5).get("detail").asText()).contains("'dos'", "feedback-gbm version 1", "attack", "normal");
        assertThat(out.get(6).get("error").asText()).isEqualTo("missing-label");
        assertThat(out.get(7).get("status").asText()).isEqualTo("accepted");
        assertThat(out.get(8).get("error").asText()).isEqualTo("repeated-in-batch");
        assertThat(out.get(8).get("detail").asText()).contains("item 7");
        assertThat(out.get(9).get("error").asText()).isEqualTo("unknown-label");
        assertThat(out.get(9).get("detail").asText()).contains("'true'");
        assertThat(out.get(10).get("error").asText()).isEqualTo("unknown-prediction");

        long stored = db.withHandle(h -> h.createQuery("select count(*) from prediction_feedback where prediction_id in (<ids>)")
                .bindList("ids", all.stream().map(p -> UUID.fromString(p.get("predictionId").asText())).toList())
                .mapTo(Long.class).one());
        assertThat(stored).as("the three accepted, nothing else").isEqualTo(3);
    }

    @Test
    void laterFeedbackReplacesEarlierAndSaysSo() throws Exception {
        JsonNode p = predict(sensor, "intrusion", NORMAL);
        awaitRecorded(server, List.of(p));
        JsonNode first = feedback(sensor, List.of(item(p, "attack")));
        assertThat(first.get("replaced").asInt()).isZero();

        JsonNode second = feedback(server.as(Role.ANALYST), List.of(item(p, "normal")));

        assertThat(second.get("accepted").asInt()).isEqualTo(1);
        assertThat(second.get("replaced").asInt()).isEqualTo(1);
        assertThat(second.get("items").get(0).get("replaced").asBoolean()).isTrue();
        Map<String, Object> row = db.withHandle(h -> h.createQuery("select actual_label, sent_by from prediction_feedback"
                + " where prediction_id = :id").bind("id", UUID.fromString(p.get("predictionId").asText())).mapToMap().one());
        assertThat(row.get("actual_label")).isEqualTo("normal");
        assertThat(row.get("sent_by")).isEqualTo("test-analyst");
    }

    @Test
    void aPredictionMadeMomentsAgoIsNotRecordedYetRatherThanUnknown() {
        String fresh = Uuids.timeOrdered(Instant.now()).toString();
        JsonNode answer = feedback(sensor, List.of(Map.of("predictionId", fresh, "actualLabel", "attack")));
        assertThat(answer.get("items").get(0).get("error").asText()).isEqualTo("not-recorded-yet");
        assertThat(answer.get("items").get(0).get("detail").asText()).contains("send its feedback again shortly");

        Response single = sensor.postJson("/ml/feedback", Json.write(Map.of("predictionId", fresh, "actualLabel", "attack")));
        assertThat(single.status()).isEqualTo(404);
        assertThat(single.json().get("detail").asText()).contains("not in the prediction log yet");
    }

    @Test
    void theOnePredictionFormAnswersItsRefusalAsAProblem() throws Exception {
        JsonNode p = predict(sensor, "intrusion", ATTACK);
        awaitRecorded(server, List.of(p));
        String id = p.get("predictionId").asText();

        Response unknownLabel = sensor.postJson("/ml/feedback", Json.write(Map.of("predictionId", id, "actualLabel", "neptune")));
        assertThat(unknownLabel.status()).as(unknownLabel.toString()).isEqualTo(422);
        assertThat(unknownLabel.contentType()).startsWith("application/problem+json");
        assertThat(unknownLabel.json().get("errors").get(0).get("field").asText()).isEqualTo("actualLabel");
        assertThat(unknownLabel.json().get("detail").asText()).contains("'neptune' is not a class of model feedback-gbm version 1");

        String old = Uuids.timeOrdered(Instant.now().minusSeconds(7200)).toString();
        Response unknown = sensor.postJson("/ml/feedback", Json.write(Map.of("predictionId", old, "actualLabel", "attack")));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText()).contains("no recorded prediction has the id " + old);

        Response badId = sensor.postJson("/ml/feedback", "{\"predictionId\": \"42\", \"actualLabel\": \"attack\"}");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("errors").get(0).get("field").asText()).isEqualTo("predictionId");

        Response noLabel = sensor.postJson("/ml/feedback", Json.write(Map.of("predictionId", id)));
        assertThat(noLabel.status()).isEqualTo(400);
        assertThat(noLabel.json().get("errors").get(0).get("field").asText()).isEqualTo("actualLabel");

        Response anomalyFlag = sensor.postJson("/ml/feedback", Json.write(Map.of("predictionId", id, "anomaly", true)));
        assertThat(anomalyFlag.status()).isEqualTo(422);
        assertThat(anomalyFlag.json().get("detail").asText()).contains("'anomaly' is for anomaly detectors");

        long stored = db.withHandle(h -> h.createQuery("select count(*) from prediction_feedback where prediction_id = :id")
                .bind("id", UUID.fromString(id)).mapTo(Long.class).one());
        assertThat(stored).as("nothing stored").isZero();
    }

    @Test
    void aBadRequestIsRefusedWhole() {
        Response both = sensor.postJson("/ml/feedback", "{\"predictionId\": \"" + UUID.randomUUID() + "\", \"items\": []}");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("errors").get(0).get("field").asText()).isEqualTo("items");
        Response empty = sensor.postJson("/ml/feedback", "{\"items\": []}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("detail").asText()).contains("1 to 10000 items");
        Response none = sensor.postJson("/ml/feedback", "{}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().get("errors").get(0).get("field").asText()).isEqualTo("predictionId");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            tooMany.add(Map.of("predictionId", "x", "actualLabel", "attack"));
        }
        Response large = sensor.postJson("/ml/feedback", Json.write(Map.of("items", tooMany)));
        assertThat(large.status()).isEqualTo(400);
        assertThat(large.json().get("detail").asText()).contains("10001");
        Response unknownField = sensor.postJson("/ml/feedback", "{\"items\": [{\"predictionId\": \"x\", \"label\": \"attack\"}]}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("detail").asText()).contains("label");
    }

    @Test
    void tenThousandItemsAreJoinedInOneRequest() throws Exception {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            records.add(i % 2 == 0 ? ATTACK : NORMAL);
        }
        List<JsonNode> predictions = new ArrayList<>(predictBatch(sensor, "intrusion", records));
        predictions.addAll(predictBatch(sensor, "intrusion", records));
        awaitRecorded(server, predictions);
        List<Map<String, Object>> items = new ArrayList<>();
        Map<String, Integer> correct = new HashMap<>();
        for (int i = 0; i < predictions.size(); i++) {
            String truth = i % 3 == 0 ? "normal" : "attack";
            items.add(item(predictions.get(i), truth));
            correct.merge(truth.equals(predictions.get(i).get("label").asText()) ? "right" : "wrong", 1, Integer::sum);
        }
        long start = System.nanoTime();
        JsonNode answer = feedback(sensor, items);
        System.out.println("10,000 feedback items joined and stored in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertThat(answer.get("accepted").asInt()).isEqualTo(10_000);
        int right = 0;
        for (JsonNode o : answer.get("items")) {
            right += o.get("correct").asBoolean() ? 1 : 0;
        }
        assertThat(right).isEqualTo(correct.get("right"));
    }

    @Test
    void aModelsBinarizeMapsARawLabelToItsClass() throws Exception {
        ServingFixture fixture = new ServingFixture(http);
        String binarized = fixture.validatedModel("binarized-gbm", "binarized", 1);
        Response changed = http.send("PUT", "/ml/models/" + binarized, "application/json",
                "{\"binarize\": {\"negativeClass\": \"normal\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        fixture.deploy(binarized, 1);
        JsonNode p = predict(sensor, "binarized", ATTACK);
        awaitRecorded(server, List.of(p));

        JsonNode answer = feedback(sensor, List.of(item(p, "neptune"))); // an NSL-KDD attack name

        assertThat(answer.get("items").get(0).get("status").asText()).as(answer.toString()).isEqualTo("accepted");
        assertThat(answer.get("items").get(0).get("actualLabel").asText()).isEqualTo("attack");
        assertThat(answer.get("items").get(0).get("correct").asBoolean()).isTrue();
    }

    @Test
    void aDetectorTakesNormalOrAnomalyTheAnomalyFlagOrItsDatasLabels() throws Exception {
        String detector = detector("flows-iforest", "flows-anomaly");
        JsonNode p = predict(sensor, "flows-anomaly", ATTACK);
        assertThat(p.has("anomalyScore")).isTrue();
        awaitRecorded(server, List.of(p));
        String id = p.get("predictionId").asText();

        JsonNode flagged = feedback(sensor, List.of(Map.of("predictionId", id, "anomaly", true)));
        assertThat(flagged.get("items").get(0).get("actualLabel").asText()).as(flagged.toString()).isEqualTo("anomaly");
        assertThat(feedback(sensor, List.of(item(p, "Normal"))).get("items").get(0).get("actualLabel").asText()).isEqualTo("normal");
        JsonNode dataLabel = feedback(sensor, List.of(item(p, "attack")));
        assertThat(dataLabel.get("items").get(0).get("actualLabel").asText()).as("its data's positive class").isEqualTo("anomaly");
        assertThat(dataLabel.get("items").get(0).get("replaced").asBoolean()).isTrue();

        JsonNode refused = feedback(sensor, List.of(item(p, "dos"),
                Map.of("predictionId", id, "actualLabel", "normal", "anomaly", true)));
        assertThat(refused.get("items").get(0).get("error").asText()).isEqualTo("unknown-label");
        assertThat(refused.get("items").get(0).get("detail").asText()).contains("normal or anomaly", "\"anomaly\": true or false");
        assertThat(refused.get("items").get(1).get("error").asText()).isEqualTo("repeated-in-batch");
        JsonNode disagree = feedback(sensor, List.of(Map.of("predictionId", id, "actualLabel", "normal", "anomaly", true)));
        assertThat(disagree.get("items").get(0).get("detail").asText()).contains("disagree");

        Float score = db.withHandle(h -> h.createQuery("select anomaly_score from prediction_feedback where prediction_id = :id")
                .bind("id", UUID.fromString(id)).mapTo(Float.class).one());
        assertThat(score).isEqualTo((float) p.get("anomalyScore").asDouble());
        assertThat(detector).isNotNull();
    }

    /** An isolation forest trained on labelled flows and deployed as {@code type}: its id. */
    private static String detector(String name, String type) throws Exception {
        Response uploaded = http.upload("/ml/datasets/upload", name + ".csv", io.vigil.server.testing.GeneratedFlows.csv(1000, 5),
                Map.of("name", name, "labelColumn", "label"));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        String dataset = uploaded.json().get("id").asText();
        Response holdout = http.upload("/ml/datasets/upload", name + "-holdout.csv", io.vigil.server.testing.GeneratedFlows.csv(300, 6),
                Map.of("name", name + "-holdout", "labelColumn", "label"));
        assertThat(holdout.status()).as(holdout.toString()).isEqualTo(201);
        Response created = http.postJson("/ml/models", "{\"modelName\": \"" + name + "\", \"modelType\": \"" + type
                + "\", \"algorithm\": \"isolation_forest\", \"targetVariable\": \"label\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        Response queued = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + dataset + "\"}");
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        String job = queued.json().get("id").asText();
        Instant deadline = Instant.now().plusSeconds(120);
        while (!List.of("succeeded", "failed", "cancelled").contains(http.get("/ml/jobs/" + job).json().get("state").asText())) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(50);
        }
        while ("training".equals(http.get("/ml/models/" + id).json().get("status").asText())) {
            Thread.sleep(20);
        }
        Response validated = http.postJson("/ml/models/" + id + "/validate",
                "{\"datasetId\": \"" + holdout.json().get("id").asText() + "\", \"version\": 1, \"thresholds\": {\"accuracy\": 0.0}}");
        assertThat(validated.status()).as(validated.toString()).isEqualTo(200);
        Response deployed = http.postJson("/ml/models/" + id + "/deploy", "{\"version\": 1}");
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
        return id;
    }
}
