package io.vigil.server.detections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.eventlog.EventLogFiles;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.NslKddFiles;
import io.vigil.server.testing.SharedData;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The end to end, on real data: an NSL-KDD model deployed to {@code intrusion} with the
 * example rule set, KDDTest+ streamed through {@code /ml/predict} as a sensor would (each
 * connection given a source address), and then: dual scores in every answer, divergent verdicts
 * both ways, every event in PostgreSQL and in the JSON-lines log, incidents grouped by source, a
 * report with ML insights and similar past events, a question in words that finds the divergent
 * events, and a threshold changed while a client predicts in a loop.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KddVerdictsToIncidentsIT {
    /** Connections of KDDTest+ streamed: enough of every kind, in a test that stays short. */
    static final int STREAMED = 2_000;
    static final int SOURCES = 40;

    static TestServer server;
    static HttpTestClient admin;
    static HttpTestClient sensor;
    static List<Map<String, Object>> records = new ArrayList<>();
    static List<JsonNode> verdicts = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1"));
        admin = server.http();
        sensor = server.anonymous().withApiKey(server.apiKey(Role.SERVICE));
        ServingFixture jobs = new ServingFixture(admin, false);
        String train = NslKddFiles.upload(admin, "KDDTrain+_20Percent.txt", "kdd-train-20");
        Response created = admin.postJson("/ml/models", """
                {"modelName": "kdd-verdicts", "modelType": "intrusion", "algorithm": "gbm",
                 "hyperparameters": {"rounds": 30, "max_depth": 5}, "targetVariable": "label",
                 "dropColumns": ["difficulty"], "binarize": {"negativeClass": "normal", "positiveClass": "attack"}}""");
        String model = created.json().get("id").asText();
        Response queued = admin.postJson("/ml/models/" + model + "/train", "{\"datasetId\": \"" + train + "\"}");
        assertThat(jobs.waitForJob(queued.json().get("id").asText()).get("state").asText()).isEqualTo("succeeded");
        awaitTrained(model);
        String test = NslKddFiles.upload(admin, "KDDTest+.txt", "kdd-test");
        JsonNode validation = admin.postJson("/ml/models/" + model + "/validate",
                "{\"datasetId\": \"" + test + "\", \"thresholds\": {\"accuracy\": 0.5}}").json();
        assertThat(validation.get("passed").asBoolean()).as(validation.toString()).isTrue();
        assertThat(admin.postJson("/ml/models/" + model + "/deploy", "{}").status()).isEqualTo(200);
        String rules = Files.readString(Path.of("../examples/nsl-kdd-rules.json"));
        Response saved = admin.send("PUT", "/ml/config/rules", "application/json",
                ("{\"modelTypes\": {\"intrusion\": " + rules + "}}").getBytes(StandardCharsets.UTF_8));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);

        String[] columns = NslKddFiles.COLUMNS.split(",");
        List<String> lines = Files.readAllLines(SharedData.file("nsl-kdd/KDDTest+.txt"), StandardCharsets.UTF_8);
        for (int i = 0; i < STREAMED; i++) {
            String[] cells = lines.get(i).split(",");
            Map<String, Object> record = new LinkedHashMap<>();
            for (int c = 0; c < columns.length; c++) {
                if (!columns[c].equals("label") && !columns[c].equals("difficulty")) {
                    record.put(columns[c], NslKddFiles.typed(cells[c]));
                }
            }
            record.put("src_ip", "10.20.0." + (i % SOURCES)); // KDD has no addresses: the sensor's, made up
            records.add(record);
        }
        for (int from = 0; from < records.size(); from += 100) { // the sensor's batches
            Response r = sensor.postJson("/ml/predict", Json.write(Map.of("modelType", "intrusion",
                    "instances", records.subList(from, Math.min(records.size(), from + 100)))));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            r.json().get("predictions").forEach(verdicts::add);
        }
        server.detections().intake().flush();
        assertThat(server.detections().search().awaitSearchable(Duration.ofMinutes(5))).as("every event embedded").isTrue();
    }

    static void awaitTrained(String model) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while ("training".equals(admin.get("/ml/models/" + model).json().get("status").asText())) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyVerdictHasDualScoresAndTheDisagreementsGoBothWays() {
        int rulesOnly = 0;
        int mlOnly = 0;
        for (JsonNode v : verdicts) {
            JsonNode t = v.get("threat");
            assertThat(t.get("score").asDouble()).isEqualTo(Math.max(t.get("ml").asDouble(), t.get("rules").asDouble()));
            String divergence = t.path("divergence").asText("");
            rulesOnly += divergence.equals("rules_only") ? 1 : 0;
            mlOnly += divergence.equals("ml_only") ? 1 : 0;
            if (!t.get("rulesFired").isEmpty() || t.get("score").asDouble() >= 0.5) {
                assertThat(t.has("eventId")).as("a rule hit or a threat verdict is an event: " + t).isTrue();
            } else {
                assertThat(t.has("eventId")).isFalse();
            }
        }
        assertThat(rulesOnly).as("rules fired where the model said benign").isPositive();
        assertThat(mlOnly).as("the model said attack where no rule fired").isPositive();
        JsonNode divergent = admin.get("/ml/events?modelType=intrusion&divergent=true&size=1").json();
        assertThat(divergent.get("total").asInt()).isEqualTo(rulesOnly + mlOnly);
        assertThat(admin.get("/metrics").text()).contains("vigil_divergent_verdicts_total{direction=\"ml_only\",model_type=\"intrusion\"");
    }

    @Test
    void everyEventIsInPostgresqlAndOnceInTheEventLog() {
        Set<String> raised = new HashSet<>();
        verdicts.forEach(v -> {
            if (v.get("threat").has("eventId")) raised.add(v.get("threat").get("eventId").asText());
        });
        assertThat(raised).hasSizeGreaterThan(STREAMED / 4);
        assertThat(admin.get("/ml/events?modelType=intrusion&size=1").json().get("total").asInt()).isEqualTo(raised.size());
        Set<String> logged = new HashSet<>();
        int lines = 0;
        for (String line : EventLogFiles.allLines(server.detections().eventLog().dir())) {
            JsonNode e = Json.readTree(line);
            if ("intrusion".equals(e.path("modelType").asText())) {
                logged.add(e.get("id").asText());
                lines++;
            }
        }
        assertThat(logged).isEqualTo(raised);
        assertThat(lines).as("each event once").isEqualTo(raised.size());
    }

    @Test
    void eventsAreGroupedIntoOneIncidentPerSourceAndReportedOnWithMlInsights() {
        JsonNode incidents = admin.get("/ml/incidents?modelType=intrusion&size=500").json();
        // the stream took seconds, far inside the 30-minute window: one incident per source that raised an event
        assertThat(incidents.get("total").asInt()).isBetween(1, SOURCES);
        Set<String> entities = new HashSet<>();
        int grouped = 0;
        for (JsonNode i : incidents.get("items")) {
            assertThat(entities.add(i.get("entity").asText())).as("one incident per source").isTrue();
            grouped += i.get("eventCount").asInt();
        }
        assertThat(grouped).isEqualTo(admin.get("/ml/events?modelType=intrusion&size=1").json().get("total").asInt());

        JsonNode busiest = incidents.get("items").get(0);
        for (JsonNode i : incidents.get("items")) {
            if (i.get("eventCount").asInt() > busiest.get("eventCount").asInt()) busiest = i;
        }
        JsonNode report = admin.get("/ml/incidents/" + busiest.get("id").asText() + "/report").json();
        JsonNode model = report.get("models").get(0);
        assertThat(model.get("state").get("name").asText()).isEqualTo("kdd-verdicts");
        assertThat(model.get("meanConfidence").asDouble()).isBetween(0.5, 1.0);
        assertThat(report.get("topFeatures").size()).isPositive();
        assertThat(report.get("rules").size()).as("the rules that fired, counted").isPositive();
        assertThat(report.get("divergence").size()).isPositive();
        JsonNode similar = report.get("similarPast");
        assertThat(similar.size()).as("the most similar earlier events, from other incidents").isPositive();
        for (JsonNode s : similar) {
            assertThat(s.get("incidentId").asText()).isNotEqualTo(busiest.get("id").asText());
            assertThat(s.get("incidentStatus").asText()).isEqualTo("open");
            assertThat(s.get("similarity").asDouble()).isBetween(-1.0, 1.0);
        }
    }

    @Test
    void aQuestionInWordsFindsTheEventsWhereTheFastDetectorAndTheModelDisagreed() {
        Response r = admin.get("/ml/events/search?k=20&q=" + java.net.URLEncoder.encode("fast detector triggered but ML disagreed",
                StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode answer = r.json();
        List<String> read = new ArrayList<>();
        answer.get("readFilters").forEach(f -> read.add(f.get("filter").asText()));
        assertThat(read).contains("divergent");
        assertThat(answer.get("hits").size()).isEqualTo(20);
        for (JsonNode hit : answer.get("hits")) {
            assertThat(hit.get("event").get("verdict").get("divergence").isTextual()).as(hit.toString()).isTrue();
        }

        // and by likeness: the events nearest a stored one are of its model type, itself left out
        String someEvent = answer.get("hits").get(0).get("event").get("id").asText();
        JsonNode near = admin.postJson("/ml/events/similar", "{\"eventId\": \"" + someEvent + "\", \"k\": 5}").json();
        assertThat(near.get("modelType").asText()).isEqualTo("intrusion");
        assertThat(near.get("hits").size()).isEqualTo(5);
        for (JsonNode hit : near.get("hits")) {
            assertThat(hit.get("event").get("id").asText()).isNotEqualTo(someEvent);
            assertThat(hit.get("event").get("modelType").asText()).isEqualTo("intrusion");
        }
        JsonNode byRecord = admin.postJson("/ml/events/similar", Json.write(Map.of("modelType", "intrusion", "features", records.get(0),
                "k", 3))).json();
        assertThat(byRecord.get("hits").get(0).get("similarity").asDouble()).as("the record itself was an event").isGreaterThan(0.99);
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: its client's verdicts are events too, which the counts above do not expect
    void aThresholdChangedWhileAClientPredictsIsInForceWithinASecondWithoutAFailedRequest() throws Exception {
        Map<String, Object> record = records.get(0);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Instant> seenAt = new AtomicReference<>();
        Thread client = new Thread(() -> {
            Instant end = Instant.now().plusSeconds(6);
            while (Instant.now().isBefore(end)) {
                Response r = sensor.postJson("/ml/predict", Json.write(Map.of("modelType", "intrusion", "features", record)));
                calls.incrementAndGet();
                if (r.status() != 200) {
                    failures.incrementAndGet();
                } else if (r.json().get("threat").get("threshold").asDouble() == 0.85 && seenAt.get() == null) {
                    seenAt.set(Instant.now());
                }
            }
        });
        client.start();
        Thread.sleep(1_000);
        Instant changed = Instant.now();
        Response r = admin.send("PUT", "/ml/config/thresholds", "application/json", Json.bytes(Map.of(
                "default", Map.of("event", 0.5, "critical", 0.9, "divergenceMargin", 0.3),
                "modelTypes", Map.of("intrusion", Map.of("event", 0.85, "critical", 0.95, "divergenceMargin", 0.3)))));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        client.join();
        assertThat(failures.get()).as("of " + calls.get() + " predictions").isZero();
        assertThat(seenAt.get()).as("the new threshold in an answer").isNotNull();
        assertThat(Duration.between(changed, seenAt.get())).isLessThan(Duration.ofSeconds(1));
    }
}
