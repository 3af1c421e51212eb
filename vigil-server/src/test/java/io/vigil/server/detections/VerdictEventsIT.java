package io.vigil.server.detections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.monitoring.LiveFixture;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * From verdicts to incidents against a real server: a deployed model's predictions carry their
 * threat verdict; one above the threshold raises a security event with its explanation and raw
 * input, grouped by its source host into an incident; detections from outside join them; analysts
 * triage, annotate and report; a false positive goes back to feedback.
 */
class VerdictEventsIT {
    static TestServer server;
    static HttpTestClient admin;
    static HttpTestClient sensor;
    static HttpTestClient analyst;
    static String modelId;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        admin = server.http();
        ServingFixture fixture = new ServingFixture(admin);
        modelId = fixture.validatedModel("verdicts-gbm", "flows", 1);
        fixture.deploy(modelId, 1);
        sensor = server.anonymous().withApiKey(server.apiKey(Role.SERVICE));
        analyst = server.anonymous().withApiKey(server.apiKey(Role.ANALYST));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, Object> attack(String source) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("bytes", 40);
        r.put("duration", 0.01);
        r.put("dst_port", 22);
        r.put("proto", "tcp");
        r.put("src_ip", source);
        r.put("dst_ip", "10.0.0.1");
        return r;
    }

    static Map<String, Object> benign(String source) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("bytes", 20_000);
        r.put("duration", 12.5);
        r.put("dst_port", 443);
        r.put("proto", "tcp");
        r.put("src_ip", source);
        return r;
    }

    static JsonNode predict(Map<String, Object> features) {
        Response r = sensor.postJson("/ml/predict", Json.write(Map.of("modelType", "flows", "features", features)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @Test
    void aThreatVerdictRaisesAnExplainedEventGroupedIntoItsSourcesIncident() throws Exception {
        JsonNode hit = predict(attack("192.0.2.10"));
        JsonNode threat = hit.get("threat");
        assertThat(threat.get("ml").asDouble()).isGreaterThan(0.5);
        assertThat(threat.get("score").asDouble()).isEqualTo(threat.get("ml").asDouble()); // no rules: the model's score is final
        assertThat(threat.has("rules")).as("no rule set, no rules' score").isFalse();
        assertThat(threat.get("threshold").asDouble()).isEqualTo(0.5);
        String eventId = threat.get("eventId").asText();

        JsonNode calm = predict(benign("192.0.2.10")).get("threat");
        assertThat(calm.get("ml").asDouble()).isLessThan(0.5);
        assertThat(calm.has("eventId")).as("below the threshold, no event").isFalse();

        JsonNode second = predict(attack("192.0.2.10"));
        server.detections().intake().flush();

        JsonNode event = analyst.get("/ml/events/" + eventId).json();
        assertThat(event.get("kind").asText()).isEqualTo("prediction");
        assertThat(event.get("modelType").asText()).isEqualTo("flows");
        assertThat(event.get("sourceHost").asText()).isEqualTo("192.0.2.10");
        assertThat(event.get("destinationHost").asText()).isEqualTo("10.0.0.1");
        assertThat(event.get("modelId").asText()).isEqualTo(modelId);
        assertThat(event.get("score").asDouble()).isEqualTo(threat.get("score").asDouble());
        JsonNode verdict = event.get("verdict");
        assertThat(verdict.get("predictionId").asText()).isEqualTo(hit.get("predictionId").asText());
        assertThat(verdict.get("label").asText()).isEqualTo("attack");
        assertThat(verdict.get("normalClass").asText()).isEqualTo("normal");
        assertThat(verdict.get("topFeatures").size()).as("the explanation, computed for the event").isBetween(1, 5);
        assertThat(event.get("input").get("dst_port").asInt()).isEqualTo(22);

        JsonNode incidents = analyst.get("/ml/incidents?entity=192.0.2.10").json();
        assertThat(incidents.get("total").asLong()).as("two verdicts from one source in a minute: one incident").isEqualTo(1);
        JsonNode incident = incidents.get("items").get(0);
        assertThat(incident.get("eventCount").asInt()).isEqualTo(2);
        assertThat(incident.get("entityKind").asText()).isEqualTo("source_host");
        assertThat(incident.get("status").asText()).isEqualTo("open");
        assertThat(incident.get("modelTypes").get(0).asText()).isEqualTo("flows");
        assertThat(event.get("incident").asText()).isEqualTo(incident.get("id").asText());
        assertThat(second.get("threat").get("eventId").asText()).isNotEqualTo(eventId);

        JsonNode filtered = analyst.get("/ml/events?kind=prediction&entity=192.0.2.10&modelType=flows").json();
        assertThat(filtered.get("total").asLong()).isEqualTo(2);
        assertThat(analyst.get("/ml/events?modelType=other").json().get("total").asLong()).isZero();
        JsonNode counts = analyst.get("/ml/events/counts?entity=192.0.2.10").json();
        assertThat(counts.get("kind").get("prediction").asLong()).isEqualTo(2);

        // and the JSON-lines event log holds it, one whole line with the same fields
        List<JsonNode> logged = io.vigil.server.eventlog.EventLogFiles.allLines(server.detections().eventLog().dir()).stream()
                .map(Json::readTree).filter(l -> l.get("id").asText().equals(eventId)).toList();
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0).get("logState").asText()).isEqualTo("open");
        assertThat(logged.get(0).get("verdict").get("predictionId").asText()).isEqualTo(hit.get("predictionId").asText());
        assertThat(logged.get(0).get("incident").asText()).isEqualTo(incident.get("id").asText());
    }

    @Test
    void fastRulesBesideTheModelGiveDualScoresAndDivergenceThatIsCountedAndQueryable() throws Exception {
        Response bad = admin.send("PUT", "/ml/config/rules", "application/json", ("{\"modelTypes\": {\"flows\": {\"rules\": ["
                + "{\"name\": \"x\", \"conditions\": [{\"field\": \"dst_port\", \"op\": \"gt\", \"value\": 1}], \"threat\": 0.9}]}}}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("modelTypes.flows.rules[0].conditions[0].op");
        Response saved = admin.send("PUT", "/ml/config/rules", "application/json", Json.bytes(Map.of("modelTypes", Map.of("flows",
                Map.of("rules", List.of(
                        Map.of("name", "telnet", "conditions", List.of(Map.of("field", "dst_port", "op", "==", "value", 23)), "threat", 0.9),
                        Map.of("name", "big-https", "conditions", List.of(Map.of("field", "bytes", "op", ">", "value", 15000),
                                Map.of("field", "dst_port", "op", "==", "value", 443)), "threat", 0.8)))))));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        try {
            JsonNode rulesOnly = predict(benign("192.0.2.150")).get("threat"); // 20 kB to 443: the rule says attack, the model benign
            assertThat(rulesOnly.get("rules").asDouble()).isEqualTo(0.8);
            assertThat(rulesOnly.get("ml").asDouble()).isLessThan(0.1);
            assertThat(rulesOnly.get("score").asDouble()).as("maximum threat wins").isEqualTo(0.8);
            assertThat(rulesOnly.get("rulesFired").get(0).asText()).isEqualTo("big-https");
            assertThat(rulesOnly.get("divergence").asText()).isEqualTo("rules_only");

            JsonNode mlOnly = predict(attack("192.0.2.150")).get("threat"); // port 22: the model says attack, no rule does
            assertThat(mlOnly.get("rules").asDouble()).isZero();
            assertThat(mlOnly.get("divergence").asText()).isEqualTo("ml_only");

            Map<String, Object> telnet = attack("192.0.2.150");
            telnet.put("dst_port", 23);
            JsonNode both = predict(telnet).get("threat");
            assertThat(both.get("rulesFired").get(0).asText()).isEqualTo("telnet");
            assertThat(both.has("divergence")).as("both say attack").isFalse();
            server.detections().intake().flush();

            JsonNode rule = analyst.get("/ml/events/" + rulesOnly.get("eventId").asText()).json();
            assertThat(rule.get("kind").asText()).as("only the rule said attack").isEqualTo("rule");
            assertThat(rule.get("verdict").get("divergence").asText()).isEqualTo("rules_only");
            JsonNode divergent = analyst.get("/ml/events?divergent=true&entity=192.0.2.150").json();
            assertThat(divergent.get("total").asLong()).isEqualTo(2);
            assertThat(analyst.get("/ml/events?rule=telnet&entity=192.0.2.150").json().get("total").asLong()).isEqualTo(1);
            String metrics = admin.get("/metrics").text();
            assertThat(metrics).containsPattern("vigil_divergent_verdicts_total\\{direction=\"rules_only\",model_type=\"flows\"[^}]*} [1-9]");

            // the threshold moves at run time: at 0.95 the port-22 verdict is no event any more
            Response raised = admin.send("PUT", "/ml/config/thresholds", "application/json", Json.bytes(Map.of("default",
                    Map.of("event", 0.5, "critical", 0.9, "divergenceMargin", 0.3), "modelTypes",
                    Map.of("flows", Map.of("event", 0.999, "critical", 0.999, "divergenceMargin", 0.3)))));
            assertThat(raised.status()).as(raised.toString()).isEqualTo(200);
            Map<String, Object> quiet = attack("192.0.2.151");
            JsonNode calm = predict(quiet).get("threat");
            assertThat(calm.get("threshold").asDouble()).isEqualTo(0.999);
            if (calm.get("ml").asDouble() < 0.999) {
                assertThat(calm.has("eventId")).isFalse();
            }
        } finally {
            admin.send("PUT", "/ml/config/rules", "application/json", "{\"modelTypes\": {}}".getBytes(StandardCharsets.UTF_8));
            admin.send("PUT", "/ml/config/thresholds", "application/json", Json.bytes(Map.of("default",
                    Map.of("event", 0.5, "critical", 0.9, "divergenceMargin", 0.3), "modelTypes", Map.of())));
        }
    }

    @Test
    void batchesGetVerdictsRecordByRecord() {
        List<Map<String, Object>> records = List.of(attack("198.51.100.7"), benign("198.51.100.7"), attack("198.51.100.8"));
        Response r = sensor.postJson("/ml/models/" + modelId + "/batch-predict", Json.write(Map.of("instances", records)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode answers = r.json().get("predictions");
        assertThat(answers.get(0).get("threat").has("eventId")).isTrue();
        assertThat(answers.get(1).get("threat").has("eventId")).isFalse();
        assertThat(answers.get(2).get("threat").has("eventId")).isTrue();
    }

    @Test
    void externalDetectionsAreCheckedWholeThenGroupedByEntityAndTime() {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(3, ChronoUnit.HOURS);
        List<Map<String, Object>> burst = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // 20 minutes apart: within the 30-minute window of each other, one incident
            burst.add(Map.of("title", "ET SCAN Nmap " + i, "score", 0.7, "occurredAt", t0.plus(20L * i, ChronoUnit.MINUTES).toString(),
                    "sourceHost", "203.0.113.5", "source", "suricata", "rulesFired", List.of("2000545")));
        }
        burst.add(Map.of("title", "ET SCAN again, later", "score", 0.95, "occurredAt", t0.plus(150, ChronoUnit.MINUTES).toString(),
                "sourceHost", "203.0.113.5", "source", "suricata"));
        Response bad = sensor.postJson("/ml/events", Json.write(Map.of("events", List.of(burst.get(0),
                Map.of("title", "no score", "sourceHost", "203.0.113.5")))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("events[1].score");
        assertThat(analyst.get("/ml/events?entity=203.0.113.5").json().get("total").asLong()).as("a bad batch stores nothing").isZero();

        Response stored = sensor.postJson("/ml/events", Json.write(Map.of("events", burst)));
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        assertThat(stored.json().get("stored").asInt()).isEqualTo(4);
        JsonNode events = stored.json().get("events");
        assertThat(events.get(0).get("severity").asText()).isEqualTo("warning");
        assertThat(events.get(3).get("severity").asText()).isEqualTo("critical");
        assertThat(events.get(0).get("incident").asText()).isEqualTo(events.get(2).get("incident").asText());
        assertThat(events.get(3).get("incident").asText()).as("90 minutes after the last: a new incident")
                .isNotEqualTo(events.get(2).get("incident").asText());
        JsonNode first = analyst.get("/ml/incidents/" + events.get(0).get("incident").asText()).json();
        assertThat(first.get("incident").get("eventCount").asInt()).isEqualTo(3);
        assertThat(first.get("incident").get("firstSeenAt").asText()).isEqualTo(t0.toString());
        assertThat(first.get("events").size()).isEqualTo(3);
        assertThat(analyst.get("/ml/events?rule=2000545").json().get("total").asLong()).isEqualTo(3);
        assertThat(server.anonymous().postJson("/ml/events", Json.write(Map.of("events", burst))).status()).isEqualTo(401);
    }

    @Test
    void analystsTriageAndAnnotateAndAFalsePositiveBecomesFeedback() throws Exception {
        List<JsonNode> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(predict(attack("192.0.2.77")));
        }
        LiveFixture.awaitRecorded(server, answers);
        server.detections().intake().flush();
        String incident = analyst.get("/ml/incidents?entity=192.0.2.77").json().get("items").get(0).get("id").asText();

        Response refused = sensor.send("PATCH", "/ml/incidents/" + incident, "application/json",
                "{\"status\": \"acknowledged\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(refused.status()).as("a service key does not triage").isEqualTo(403);
        Response bad = analyst.send("PATCH", "/ml/incidents/" + incident, "application/json",
                "{\"status\": \"closed\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("status");

        Response ack = analyst.send("PATCH", "/ml/incidents/" + incident, "application/json",
                "{\"status\": \"acknowledged\", \"assignee\": \"dana\", \"note\": \"looking\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(ack.status()).as(ack.toString()).isEqualTo(200);
        assertThat(ack.json().get("incident").get("assignee").asText()).isEqualTo("dana");
        Response note = analyst.postJson("/ml/incidents/" + incident + "/notes",
                "{\"text\": \"our own vulnerability scanner, the weekly Nessus run\"}");
        assertThat(note.status()).isEqualTo(201);
        // the note is in the events' text: a search in its words finds them
        assertThat(server.detections().search().awaitSearchable(java.time.Duration.ofMinutes(2))).isTrue();
        JsonNode found = analyst.get("/ml/events/search?k=3&q=" + java.net.URLEncoder.encode("weekly Nessus vulnerability scan",
                StandardCharsets.UTF_8)).json();
        assertThat(found.get("hits").get(0).get("event").get("incident").asText()).as(found.toString()).isEqualTo(incident);

        Response fp = analyst.send("PATCH", "/ml/incidents/" + incident, "application/json",
                "{\"status\": \"false_positive\", \"note\": \"our own scanner\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(fp.status()).as(fp.toString()).isEqualTo(200);
        assertThat(fp.json().get("labelled").asInt()).as("each verdict labelled normal").isEqualTo(3);
        assertThat(fp.json().get("incident").get("closedAt").isTextual()).isTrue();
        List<String> actions = new ArrayList<>();
        fp.json().get("activity").forEach(a -> actions.add(a.get("action").asText() + ":" + a.path("to").asText("")));
        assertThat(actions).containsExactly("created:open", "status:acknowledged", "assignee:dana", "note:", "status:false_positive");
        JsonNode activity = fp.json().get("activity");
        assertThat(activity.get(1).get("actor").asText()).as("who did it, by the key's name").isNotBlank();

        // the labels are feedback: live accuracy now counts these three verdicts as wrong
        JsonNode live = admin.get("/ml/models/" + modelId + "/metrics?window=1h").json().get("live");
        assertThat(live.get("evaluated").asInt()).isEqualTo(3);
        assertThat(live.get("accuracy").asDouble()).isZero();

        JsonNode next = predict(attack("192.0.2.77"));
        server.detections().intake().flush();
        JsonNode later = analyst.get("/ml/events/" + next.get("threat").get("eventId").asText()).json();
        assertThat(later.get("incident").asText()).as("a closed incident takes no more events").isNotEqualTo(incident);
    }

    @Test
    void aReportGathersTheMlInsightsAndRendersForPeopleWithoutRunningTheirText() throws Exception {
        for (int i = 0; i < 2; i++) {
            predict(attack("192.0.2.99"));
        }
        server.detections().intake().flush();
        sensor.postJson("/ml/events", Json.write(Map.of("events", List.of(Map.of("title", "<script>alert(1)</script> beacon", "score", 0.8,
                "sourceHost", "192.0.2.99", "source", "zeek", "rulesFired", List.of("beacon-60s"))))));
        String incident = analyst.get("/ml/incidents?entity=192.0.2.99").json().get("items").get(0).get("id").asText();

        JsonNode report = analyst.get("/ml/incidents/" + incident + "/report").json();
        assertThat(report.get("eventsRead").asInt()).isEqualTo(3);
        assertThat(report.get("kinds").get("prediction").asInt()).isEqualTo(2);
        assertThat(report.get("kinds").get("external").asInt()).isEqualTo(1);
        JsonNode model = report.get("models").get(0);
        assertThat(model.get("modelId").asText()).isEqualTo(modelId);
        assertThat(model.get("events").asInt()).isEqualTo(2);
        assertThat(model.get("labels").get("attack").asInt()).isEqualTo(2);
        assertThat(model.get("state").get("name").asText()).isEqualTo("verdicts-gbm");
        assertThat(report.get("topFeatures").size()).isPositive();
        assertThat(report.get("topFeatures").get(0).get("events").asInt()).isEqualTo(2);
        assertThat(report.get("rules").get(0).get("rule").asText()).isEqualTo("beacon-60s");
        assertThat(report.get("entities").get("sourceHosts").get(0).asText()).isEqualTo("192.0.2.99");

        Response md = analyst.get("/ml/incidents/" + incident + "/report?format=markdown");
        assertThat(md.contentType()).startsWith("text/markdown");
        assertThat(md.text()).contains("# Incident report").contains("verdicts\\-gbm").contains("## Top contributing features");
        Response html = analyst.get("/ml/incidents/" + incident + "/report?format=html");
        assertThat(html.contentType()).startsWith("text/html");
        assertThat(html.header("Content-Security-Policy")).contains("default-src 'none'");
        assertThat(html.text()).contains("<table>").doesNotContain("<script>");
        assertThat(analyst.get("/ml/incidents/" + incident + "/report?format=pdf").status()).isEqualTo(400);
        assertThat(analyst.get("/ml/incidents/00000000-0000-0000-0000-000000000000/report").status()).isEqualTo(404);
    }
}
