package io.vigil.server.monitoring.alerts;

import static io.vigil.server.monitoring.LiveFixture.awaitRecorded;
import static io.vigil.server.monitoring.LiveFixture.feedback;
import static io.vigil.server.monitoring.LiveFixture.predictEach;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.monitoring.LiveFixture;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.PrometheusText;
import io.vigil.server.testing.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Health and alerts on a real server that evaluates its rules every second: a deployed model's
 * live accuracy falls (wrong feedback), its health fails and its rule's alert fires, once, its
 * count growing round after round; an analyst acknowledges it (audited); right feedback clears it
 * and Vigil resolves it; the cool-down holds back the next; every step is on the event stream.
 * A flood of threat predictions is one alert whose count is the number of attack predictions.
 * The configuration's rules are listed and cannot be changed through the API.
 */
class AlertsIT {
    private static final String CONFIG_RULES = "[{\"name\": \"cfg-slow\", \"kind\": \"latency_p99\", \"model\": \"alerts-gbm\","
            + " \"threshold\": 600000, \"window\": \"15m\", \"severity\": \"info\"}]";

    static TestServer server;
    static HttpTestClient sensor;
    static HttpTestClient analyst;
    static HttpTestClient scientist;
    static String model;
    static final List<JsonNode> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1", "VIGIL_ALERTS_EVALUATE_EVERY_SECONDS", "1",
                "VIGIL_ALERTS_DRIFT_EVERY_SECONDS", "2", "VIGIL_METRICS_REFRESH_SECONDS", "1", "VIGIL_ALERTS_RULES", CONFIG_RULES,
                // the threat watch sees what the prediction log takes: a log that never samples, even on a loaded machine
                "VIGIL_SERVING_RECORD_RATE", "10000000", "VIGIL_SERVING_RECORD_QUEUE", "1000000"));
        model = LiveFixture.deployed(new ServingFixture(server.http()), "alerts-gbm", "alerts");
        sensor = server.anonymous().withApiKey(server.apiKey(Role.SERVICE));
        analyst = server.as(Role.ANALYST);
        scientist = server.as(Role.DATA_SCIENTIST);
        listen("/ml/stream?modelId=" + model);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Collects the stream's events in the background, for as long as the server runs. */
    private static void listen(String path) throws Exception {
        HttpRequest request = server.http().authorize(HttpRequest.newBuilder(URI.create(server.http().base() + path))
                .header("Accept", "text/event-stream").GET()).build();
        HttpResponse<java.util.stream.Stream<String>> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> r.body().filter(l -> l.startsWith("data:")).forEach(l -> events.add(Json.readTree(l.substring(5)))));
        reader.setDaemon(true);
        reader.start();
    }

    private static JsonNode await(String what, java.util.function.Supplier<JsonNode> read, Predicate<JsonNode> until) throws Exception {
        return LiveFixture.await(what, read, until, Duration.ofSeconds(30));
    }

    private static JsonNode alertsOf(String ruleId) {
        Response r = analyst.get("/ml/models/" + model + "/alerts?ruleId=" + ruleId);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("items");
    }

    private static String createRule(String body) {
        Response r = scientist.postJson("/ml/alerts/rules", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.header("Location")).isEqualTo("/ml/alerts/rules/" + r.json().get("id").asText());
        return r.json().get("id").asText();
    }

    /** Feedback on {@code answers}: the label each prediction gave, or the other one. */
    private static void judge(List<JsonNode> answers, boolean right) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (JsonNode a : answers) {
            String label = a.get("label").asText();
            items.add(LiveFixture.item(a, right ? label : "attack".equals(label) ? "normal" : "attack"));
        }
        assertThat(feedback(sensor, items).get("accepted").asInt()).isEqualTo(answers.size());
    }

    /** The reason of {@code health} that {@code check} gives, or null if it gives none. */
    private static JsonNode reason(JsonNode health, String check) {
        for (JsonNode r : health.get("reasons")) {
            if (r.get("check").asText().equals(check)) {
                return r;
            }
        }
        return null;
    }

    private static List<String> eventTypes() {
        return events.stream().map(e -> e.get("type").asText()).toList();
    }

    @Test
    void anAccuracyDropFiresOnceIsAcknowledgedClearsAndWaitsOutItsCooldown() throws Exception {
        String rule = createRule("{\"name\": \"kdd-accuracy\", \"kind\": \"accuracy_drop\", \"modelId\": \"" + model + "\","
                + " \"threshold\": 0.05, \"window\": \"1h\", \"minSamples\": 20, \"severity\": \"critical\"}");
        List<JsonNode> answers = predictEach(sensor, "alerts", GeneratedFlows.features(40, 17));
        awaitRecorded(server, answers);
        judge(answers, false);

        // the rule fires, and round after round adds to the one alert
        JsonNode alerts = await("the accuracy alert fires and is seen again", () -> alertsOf(rule),
                a -> a.size() == 1 && a.get(0).get("occurrences").asLong() >= 3);
        JsonNode alert = alerts.get(0);
        String id = alert.get("id").asText();
        assertThat(alert.get("state").asText()).isEqualTo("firing");
        assertThat(alert.get("severity").asText()).isEqualTo("critical");
        assertThat(alert.get("kind").asText()).isEqualTo("accuracy_drop");
        assertThat(alert.get("category").asText()).isEqualTo("model");
        assertThat(alert.get("modelName").asText()).isEqualTo("alerts-gbm");
        assertThat(alert.get("version").asInt()).isEqualTo(1);
        assertThat(alert.get("summary").asText()).startsWith("live accuracy of model alerts-gbm version 1 is ");
        assertThat(alert.get("details").get("feedback").asInt()).isEqualTo(40);
        assertThat(alert.get("details").get("observed").asDouble()).isLessThan(0.5);
        assertThat(alert.get("details").get("ownAccuracySource").asText()).isEqualTo("validation");

        // the model's health fails, for that reason
        JsonNode health = analyst.get("/ml/models/" + model + "/health").json();
        assertThat(health.get("status").asText()).isEqualTo("failing");
        JsonNode accuracy = reason(health, "live_accuracy");
        assertThat(accuracy.get("status").asText()).isEqualTo("failing");
        assertThat(accuracy.get("observed").asDouble()).isLessThan(0.5);
        assertThat(health.get("checks").get(0).get("check").asText()).isEqualTo("loaded");
        assertThat(health.get("checks").get(0).get("observed").asBoolean()).isTrue();

        // an analyst takes it on: audited; it stays open and keeps counting
        Response ack = analyst.postJson("/ml/alerts/" + id + "/acknowledge", "");
        assertThat(ack.status()).as(ack.toString()).isEqualTo(200);
        assertThat(ack.json().get("state").asText()).isEqualTo("acknowledged");
        assertThat(ack.json().get("acknowledgedBy").asText()).isEqualTo("test-analyst");
        assertThat(analyst.postJson("/ml/alerts/" + id + "/acknowledge", "{}").status()).isEqualTo(409);
        long counted = ack.json().get("occurrences").asLong();
        await("an acknowledged alert still counts", () -> analyst.get("/ml/alerts/" + id).json(),
                a -> a.get("occurrences").asLong() > counted && a.get("state").asText().equals("acknowledged"));
        JsonNode audited = await("the acknowledgement is in the audit log", () -> server.http().get("/ml/audit?action="
                + URLEncoder.encode("POST /ml/alerts/{id}/acknowledge", StandardCharsets.UTF_8)).json().get("items"), a -> !a.isEmpty());
        assertThat(audited.get(0).get("actor").asText()).isEqualTo("test-analyst");
        assertThat(audited.get(0).get("object").get("id").asText()).isEqualTo(id);

        // right feedback: the condition clears and Vigil resolves the alert; health recovers
        judge(answers, true);
        JsonNode resolved = await("the alert resolves when accuracy recovers", () -> analyst.get("/ml/alerts/" + id).json(),
                a -> a.get("state").asText().equals("resolved"));
        assertThat(resolved.get("resolvedBy").asText()).isEqualTo("vigil");
        assertThat(resolved.get("resolution").asText()).startsWith("the condition cleared: live accuracy of model alerts-gbm");
        await("live accuracy recovers", () -> analyst.get("/ml/models/" + model + "/health").json(),
                h -> reason(h, "live_accuracy") == null);

        // wrong again, within the 30 minutes of cool-down: no new alert
        judge(answers, false);
        Thread.sleep(3_000);
        assertThat(alertsOf(rule)).hasSize(1);
        // without a cool-down, a new one at once, and an analyst resolves it
        Response changed = scientist.send("PUT", "/ml/alerts/rules/" + rule, "application/json",
                "{\"cooldown\": \"0\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("cooldown").asText()).isEqualTo("0");
        assertThat(changed.json().get("threshold").asDouble()).as("kept").isEqualTo(0.05);
        JsonNode second = await("a new alert after the cool-down", () -> alertsOf(rule), a -> a.size() == 2).get(0);
        Response closed = analyst.postJson("/ml/alerts/" + second.get("id").asText() + "/resolve", "");
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.json().get("resolvedBy").asText()).isEqualTo("test-analyst");
        assertThat(analyst.postJson("/ml/alerts/" + second.get("id").asText() + "/resolve", "").status()).isEqualTo(409);

        // deleting the rule resolves its open alert (the one that fired again meanwhile) and keeps its history
        await("it fires again, with no cool-down", () -> alertsOf(rule), a -> a.size() == 3);
        assertThat(scientist.delete("/ml/alerts/rules/" + rule).status()).isEqualTo(204);
        JsonNode history = analyst.get("/ml/alerts?modelId=" + model + "&kind=accuracy_drop").json().get("items");
        assertThat(history).hasSize(3);
        history.forEach(a -> assertThat(a.get("state").asText()).isEqualTo("resolved"));
        assertThat(history.get(0).get("ruleName").asText()).isEqualTo("kdd-accuracy");
        assertThat(history.get(0).get("resolution").asText()).contains("its rule was deleted by test-data-scientist");

        // on the event stream, in order
        await("the events", () -> Json.MAPPER.valueToTree(eventTypes()), t -> eventTypes().stream()
                .filter(type -> type.startsWith("alert.")).distinct().count() == 4 && eventTypes().contains("model.health"));
        List<String> types = eventTypes();
        assertThat(types.indexOf("alert.fired")).isLessThan(types.indexOf("alert.updated"));
        assertThat(types.indexOf("alert.updated")).isLessThan(types.indexOf("alert.acknowledged"));
        assertThat(types.indexOf("alert.acknowledged")).isLessThan(types.indexOf("alert.resolved"));
        // (the model may have been failing already for the drift of another test's flood: one event per change)
        JsonNode failing = events.stream().filter(e -> e.get("type").asText().equals("model.health")
                && e.get("state").asText().equals("failing")).findFirst().orElseThrow();
        assertThat(failing.get("data").get("health").get("modelId").asText()).isEqualTo(model);
        JsonNode fired = events.stream().filter(e -> e.get("type").asText().equals("alert.fired")).findFirst().orElseThrow();
        assertThat(fired.get("data").get("id").asText()).isEqualTo(id);

        // counted for Prometheus, with the model's live accuracy
        PrometheusText metrics = PrometheusText.parse(server.anonymous().get("/metrics").text());
        assertThat(metrics.sum("vigil_alerts_raised_total", "rule", "kdd-accuracy", "severity", "critical")).isEqualTo(3);
        await("the live-accuracy gauge", () -> Json.MAPPER.valueToTree(PrometheusText.parse(server.anonymous().get("/metrics").text())
                .names()), n -> PrometheusText.parse(server.anonymous().get("/metrics").text()).names().contains("vigil_live_accuracy"));
    }

    @Test
    void aFloodOfThreatPredictionsIsOneAlertThatCountsThemAll() throws Exception {
        String rule = createRule("{\"name\": \"threats\", \"kind\": \"threat_prediction\", \"threshold\": 0.5}");
        int attacks = 0;
        for (int b = 0; b < 20; b++) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                batch.add(Map.of("bytes", (b * 500 + i) % 190, "duration", 0.01, "dst_port", 22, "proto", "tcp"));
            }
            Response r = sensor.postJson("/ml/predict", Json.write(Map.of("modelType", "alerts", "instances", batch)));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            for (JsonNode p : r.json().get("predictions")) {
                attacks += "attack".equals(p.get("label").asText()) && p.get("confidence").asDouble() >= 0.5 ? 1 : 0;
            }
        }
        assertThat(attacks).as("the flood is attacks").isGreaterThan(9_000);
        int expected = attacks;
        JsonNode alerts = await("the flood counted", () -> alertsOf(rule), a -> a.size() == 1 && a.get(0).get("occurrences").asLong() == expected);
        JsonNode alert = alerts.get(0);
        assertThat(alert.get("category").asText()).isEqualTo("security");
        assertThat(alert.get("severity").asText()).isEqualTo("critical");
        assertThat(alert.get("details").get("classes").get("attack").asLong()).isEqualTo(expected);
        assertThat(alert.get("details").get("examples")).hasSize(5);
        assertThat(alert.get("summary").asText()).startsWith(expected + " predictions of an attack class (attack: " + expected + ")");
        Thread.sleep(1_500);
        assertThat(alertsOf(rule)).as("still one").hasSize(1);
    }

    @Test
    void theConfigurationsRulesAreListedAndChangedOnlyThere() {
        JsonNode rules = analyst.get("/ml/alerts/rules").json().get("items");
        JsonNode cfg = null;
        for (JsonNode r : rules) {
            cfg = r.get("name").asText().equals("cfg-slow") ? r : cfg;
        }
        assertThat(cfg).isNotNull();
        assertThat(cfg.get("source").asText()).isEqualTo("config");
        assertThat(cfg.get("modelName").asText()).isEqualTo("alerts-gbm");
        assertThat(cfg.get("modelId").asText()).as("its model, found by name").isEqualTo(model);
        assertThat(cfg.get("severity").asText()).isEqualTo("info");
        String id = cfg.get("id").asText();
        Response put = scientist.send("PUT", "/ml/alerts/rules/" + id, "application/json", "{\"threshold\": 1}".getBytes(StandardCharsets.UTF_8));
        assertThat(put.status()).isEqualTo(409);
        assertThat(put.json().get("detail").asText()).contains("comes from the configuration (alerts.rules in vigil.yaml)");
        assertThat(scientist.delete("/ml/alerts/rules/" + id).status()).isEqualTo(409);
        assertThat(analyst.get("/ml/alerts/rules/" + id).json().get("threshold").asDouble()).isEqualTo(600000);
        // a name the configuration has is taken
        assertThat(scientist.postJson("/ml/alerts/rules", "{\"name\": \"cfg-slow\", \"kind\": \"latency_p99\"}").status()).isEqualTo(409);
    }

    @Test
    void badRulesAndFiltersAreNamedInTheCallersTerms() {
        Response bad = scientist.postJson("/ml/alerts/rules", "{\"name\": \"x\", \"kind\": \"error_rate\", \"modelId\": \"" + model + "\","
                + " \"threshold\": 2, \"window\": \"1y\", \"channels\": [\"slack\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        bad.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("modelId", "threshold", "window", "channels[0]");
        Response unknownModel = scientist.postJson("/ml/alerts/rules", "{\"name\": \"x\", \"kind\": \"latency_p99\", \"modelId\": \""
                + java.util.UUID.randomUUID() + "\"}");
        assertThat(unknownModel.status()).isEqualTo(400);
        assertThat(unknownModel.json().get("errors").get(0).get("message").asText()).startsWith("no model with id");
        Response filters = analyst.get("/ml/alerts?state=sleeping&since=yesterday&modelId=kdd&size=0");
        assertThat(filters.status()).isEqualTo(400);
        List<String> named = new ArrayList<>();
        filters.json().get("errors").forEach(e -> named.add(e.get("field").asText()));
        assertThat(named).containsExactlyInAnyOrder("state", "since", "modelId", "size");
        assertThat(analyst.get("/ml/alerts/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(analyst.get("/ml/models/" + java.util.UUID.randomUUID() + "/health").status()).isEqualTo(404);
        assertThat(analyst.postJson("/ml/alerts/" + java.util.UUID.randomUUID() + "/acknowledge", "").status()).isEqualTo(404);
    }
}
