package io.vigil.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.monitoring.feedback.RecordedPredictions;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** What the monitoring tests share: predictions and feedback over HTTP as a client sends them, and the server's database. */
public final class LiveFixture {
    private LiveFixture() {}

    /** A test server on {@code clock} with one job worker (training the tests' models is all it runs). */
    public static TestServer start(java.time.Clock clock) {
        return TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1"), clock);
    }

    /** One prediction with the deployed model of {@code type}: its answer. */
    public static JsonNode predict(HttpTestClient http, String type, Map<String, Object> features) {
        Response r = http.postJson("/ml/predict", Json.write(Map.of("modelType", type, "features", features)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** Each record predicted alone with the deployed model of {@code type}: the answers, in order. */
    public static List<JsonNode> predictEach(HttpTestClient http, String type, List<Map<String, Object>> records) {
        List<JsonNode> out = new ArrayList<>();
        records.forEach(r -> out.add(predict(http, type, r)));
        return out;
    }

    /** A model of {@code type} trained, validated and deployed by {@code fixture}: its id. */
    public static String deployed(ServingFixture fixture, String name, String type) throws InterruptedException {
        String id = fixture.validatedModel(name, type, 1);
        fixture.deploy(id, 1);
        return id;
    }

    /** A batch of predictions with the deployed model of {@code type}: each answer, in order. */
    public static List<JsonNode> predictBatch(HttpTestClient http, String type, List<Map<String, Object>> records) {
        Response r = http.postJson("/ml/predict", Json.write(Map.of("modelType", type, "instances", records)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("predictions").forEach(out::add);
        return out;
    }

    /** One feedback item. */
    public static Map<String, Object> item(JsonNode prediction, Object actualLabel) {
        return Map.of("predictionId", prediction.get("predictionId").asText(), "actualLabel", actualLabel);
    }

    /** Feedback items giving each answer the label of its row ({@code label} of {@code rows}, in the same order). */
    public static List<Map<String, Object>> truth(List<JsonNode> answers, List<Map<String, Object>> rows) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            items.add(item(answers.get(i), rows.get(i).get("label")));
        }
        return items;
    }

    /** Sends {@code items} as one batch: the answer (200). */
    public static JsonNode feedback(HttpTestClient http, List<Map<String, Object>> items) {
        Response r = http.postJson("/ml/feedback", Json.write(Map.of("items", items)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** Waits until the prediction log holds {@code predictions} (it writes in the background), found as feedback finds them. */
    public static void awaitRecorded(TestServer server, List<JsonNode> predictions) throws InterruptedException {
        List<UUID> ids = predictions.stream().map(p -> UUID.fromString(p.get("predictionId").asText())).toList();
        RecordedPredictions log = new RecordedPredictions(database(server));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (log.find(ids).size() < ids.size()) {
            assertThat(Instant.now()).as("predictions never recorded").isBefore(deadline);
            Thread.sleep(20);
        }
    }

    /** Reads {@code read} every 100 ms until {@code until} holds: the last value; fails after {@code timeout}, naming {@code what}. */
    public static JsonNode await(String what, java.util.function.Supplier<JsonNode> read, java.util.function.Predicate<JsonNode> until,
                                 Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last = read.get();
        while (!until.test(last)) {
            assertThat(Instant.now()).as(what + "; last seen: " + last).isBefore(deadline);
            Thread.sleep(100);
            last = read.get();
        }
        return last;
    }

    /** The server's database, for what its answers do not show. */
    public static Jdbi database(TestServer server) {
        java.util.Properties credentials = new java.util.Properties();
        credentials.setProperty("user", server.config().dbUser());
        if (server.config().dbPassword() != null) {
            credentials.setProperty("password", server.config().dbPassword());
        }
        return Jdbi.create(server.config().dbUrl(), credentials);
    }
}
