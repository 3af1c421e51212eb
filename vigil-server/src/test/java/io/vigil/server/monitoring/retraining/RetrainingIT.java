package io.vigil.server.monitoring.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.monitoring.LiveFixture;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.SteppingClock;
import io.vigil.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Retraining on a real server that evaluates its policies every second, on a clock the test moves:
 * live accuracy under its floor queues a training as vigil with the recorded reason, once per
 * cool-down; a manual run; a schedule's slot; if_better promoting a better retrain and keeping the
 * champion against a worse one; feedback rows joined to the training data.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetrainingIT {
    static final SteppingClock clock = new SteppingClock();
    @AutoClose
    static TestServer server;
    static HttpTestClient http;
    static ServingFixture fixture;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1", "VIGIL_RETRAINING_CHECK_SECONDS", "1"), clock);
        http = server.http();
        fixture = new ServingFixture(http);
    }

    @Test
    void liveAccuracyBelowItsFloorQueuesATrainingAsVigilWithItsReasonAndNoSecondOneWithinTheCooldown() throws Exception {
        String model = LiveFixture.deployed(fixture, "retrain-accuracy", "retrain-accuracy");
        // every prediction gets the opposite label back: live accuracy 0
        List<Map<String, Object>> flows = GeneratedFlows.features(30, 7);
        List<JsonNode> answers = LiveFixture.predictEach(http, "retrain-accuracy", flows);
        LiveFixture.awaitRecorded(server, answers);
        List<Map<String, Object>> wrong = new ArrayList<>();
        answers.forEach(a -> wrong.add(LiveFixture.item(a, a.get("label").asText().equals("attack") ? "normal" : "attack")));
        LiveFixture.feedback(http, wrong);

        Response set = put("/ml/models/" + model + "/retraining", Map.of("accuracyFloor", 0.9, "minFeedback", 20, "window", "1h",
                "cooldown", "1h", "promotion", "never"));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("triggers").toString()).isEqualTo("[\"accuracyFloor\"]");

        JsonNode trigger = awaitHistory(model, h -> h.size() == 1).get(0);
        assertThat(trigger.get("reason").asText()).isEqualTo("accuracy");
        assertThat(trigger.get("observed").asDouble()).isZero();
        assertThat(trigger.get("threshold").asDouble()).isEqualTo(0.9);
        assertThat(trigger.get("detail").get("feedbackRows").asInt()).isEqualTo(30);
        assertThat(trigger.get("triggeredBy").asText()).isEqualTo("vigil");
        assertThat(trigger.get("championVersion").asInt()).isEqualTo(1);
        JsonNode job = http.get("/ml/jobs/" + trigger.get("jobId").asText()).json();
        assertThat(job.get("kind").asText()).isEqualTo("train");
        assertThat(job.get("createdBy").asText()).isEqualTo("vigil");
        // the deployed version's own settings: its dataset and seed
        JsonNode v1 = http.get("/ml/models/" + model + "/versions/1").json();
        assertThat(job.get("parameters").get("datasetId")).isEqualTo(v1.get("parameters").get("datasetId"));
        assertThat(job.get("parameters").get("seed")).isEqualTo(v1.get("parameters").get("seed"));

        JsonNode decided = awaitHistory(model, h -> !h.get(0).get("outcome").asText().equals("training")
                && !h.get(0).get("outcome").asText().equals("deciding")).get(0);
        assertThat(decided.get("outcome").asText()).as(decided.toString()).isEqualTo("registered");
        assertThat(decided.get("newVersion").asInt()).isEqualTo(2);

        // the condition still holds, but the cool-down has not passed: rounds go by without a trigger
        Thread.sleep(3_000);
        assertThat(history(model)).hasSize(1);

        // Vigil's own change is audited, by vigil
        JsonNode audited = awaitAudit("POST /ml/models/{id}/train", e -> e.get("actor").asText().equals("vigil"));
        assertThat(audited.get("actorKind").asText()).isEqualTo("system");
        assertThat(audited.get("object").get("reason").asText()).isEqualTo("accuracy");
        assertThat(audited.get("address").asText()).isEqualTo("internal");

        // and alerted, by the retraining rule every installation starts with: one alert, the trigger and then its outcome
        String alerts = "/ml/models/" + model + "/alerts?kind=retraining";
        JsonNode alert = null;
        for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; Thread.sleep(100)) {
            JsonNode items = http.get(alerts).json().get("items");
            if (items.size() == 1 && items.get(0).get("occurrences").asInt() == 2) {
                alert = items.get(0);
                break;
            }
        }
        assertThat(alert).as(http.get(alerts).toString()).isNotNull();
        assertThat(alert.get("ruleName").asText()).isEqualTo("retraining");
        assertThat(alert.get("summary").asText()).contains("registered (version 2)");
        assertThat(alert.get("details").get("triggerId").asText()).isEqualTo(trigger.get("id").asText());
        assertThat(alert.get("details").get("reason").asText()).isEqualTo("accuracy");
    }

    @Test
    void inputsThatDriftPastTheirShareQueueATrainingWithTheShareObserved() throws Exception {
        String model = LiveFixture.deployed(fixture, "retrain-drift", "retrain-drift");
        // attacks only: few bytes, short, to ports 22 and 23 over tcp, where training saw 70 % other traffic
        List<Map<String, Object>> attacks = new ArrayList<>();
        for (Map<String, Object> row : GeneratedFlows.rows(400, 5)) {
            if (row.get("dst_port").equals(22) || row.get("dst_port").equals(23)) {
                row.remove("label");
                attacks.add(row);
            }
        }
        LiveFixture.awaitRecorded(server, LiveFixture.predictBatch(http, "retrain-drift", attacks));

        Response set = put("/ml/models/" + model + "/retraining", Map.of("driftShare", 0.5, "window", "1h", "promotion", "never"));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);

        JsonNode trigger = awaitHistory(model, h -> h.size() == 1).get(0);
        assertThat(trigger.get("reason").asText()).isEqualTo("drift");
        assertThat(trigger.get("observed").asDouble()).isGreaterThanOrEqualTo(0.5);
        assertThat(trigger.get("threshold").asDouble()).isEqualTo(0.5);
        assertThat(trigger.get("triggeredBy").asText()).isEqualTo("vigil");
        JsonNode drift = http.get("/ml/models/" + model + "/drift?window=1h").json();
        assertThat(drift.get("driftShare").asDouble()).isEqualTo(trigger.get("observed").asDouble());
    }

    @Test
    void twoInstancesOnOneDatabaseFireATriggerOnceAndOneOfThemDecidesIt() throws Exception {
        String model = LiveFixture.deployed(fixture, "retrain-twice", "retrain-twice");
        List<JsonNode> answers = LiveFixture.predictEach(http, "retrain-twice", GeneratedFlows.features(25, 8));
        LiveFixture.awaitRecorded(server, answers);
        List<Map<String, Object>> wrong = new ArrayList<>();
        answers.forEach(a -> wrong.add(LiveFixture.item(a, a.get("label").asText().equals("attack") ? "normal" : "attack")));
        LiveFixture.feedback(http, wrong);

        // a second instance on the same database and storage (the data directory: the local blob store), as instances share them
        try (TestServer other = TestServer.start(Map.of("VIGIL_DB_URL", server.config().dbUrl(), "VIGIL_DATA_DIR",
                server.dataDir().toString(), "VIGIL_JOB_WORKERS", "1", "VIGIL_RETRAINING_CHECK_SECONDS", "1"))) {
            assertThat(put("/ml/models/" + model + "/retraining", Map.of("accuracyFloor", 0.9, "minFeedback", 20, "window", "1h",
                    "cooldown", "1h", "promotion", "never")).status()).isEqualTo(200);
            awaitDecided(model);
            Thread.sleep(3_000); // both instances go on evaluating: the condition holds, the cool-down has not passed
        }
        JsonNode history = history(model);
        assertThat(history).as(history.toString()).hasSize(1);
        assertThat(history.get(0).get("outcome").asText()).isEqualTo("registered");
    }

    @Test
    void runRetrainsNowAsItsCallerAndASecondRunWhileTrainingIsRefused() throws Exception {
        String model = LiveFixture.deployed(fixture, "retrain-run", "retrain-run");

        Response run = http.postJson("/ml/models/" + model + "/retraining/run", "");
        assertThat(run.status()).as(run.toString()).isEqualTo(202);
        assertThat(run.json().get("reason").asText()).isEqualTo("manual");
        assertThat(run.json().get("triggeredBy").asText()).isEqualTo("admin");
        assertThat(run.json().get("outcome").asText()).isEqualTo("training");
        Response again = http.postJson("/ml/models/" + model + "/retraining/run", "");
        assertThat(again.status()).as(again.toString()).isEqualTo(409);

        // no policy: the defaults, if_better; the same settings train the same model, not a better one
        JsonNode decided = awaitDecided(model);
        assertThat(decided.get("outcome").asText()).as(decided.toString()).isEqualTo("kept_champion");
        assertThat(decided.get("comparison").get("improvement").asDouble()).isZero();
        assertThat(http.get("/ml/models/" + model).json().get("deployedVersion").asInt()).isEqualTo(1);

        Response analyst = server.as(Role.ANALYST).postJson("/ml/models/" + model + "/retraining/run", "");
        assertThat(analyst.status()).isEqualTo(403);
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: it moves the server's clock
    void aScheduleFiresOnceItsSlotHasComeOnTheServersClock() throws Exception {
        String model = LiveFixture.deployed(fixture, "retrain-schedule", "retrain-schedule");
        // daily, at the server's time five minutes from now; the clock then moves on six (sessions last longer)
        java.time.ZonedDateTime slot = clock.instant().atZone(java.time.ZoneOffset.UTC).plusMinutes(5);
        String schedule = slot.getMinute() + " " + slot.getHour() + " * * *";
        Response set = put("/ml/models/" + model + "/retraining", Map.of("schedule", schedule, "cooldown", "0m", "promotion", "never"));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(Instant.parse(set.json().get("nextScheduledAt").asText())).isAfter(clock.instant());

        Thread.sleep(2_500);
        assertThat(history(model)).as("no slot has come since the policy was set").isEmpty();

        clock.advance(Duration.ofMinutes(6));
        JsonNode trigger = awaitHistory(model, h -> h.size() == 1).get(0);
        assertThat(trigger.get("reason").asText()).isEqualTo("schedule");
        assertThat(trigger.get("detail").get("schedule").asText()).isEqualTo(schedule);
        assertThat(Instant.parse(trigger.get("detail").get("slot").asText()))
                .isEqualTo(slot.withSecond(0).withNano(0).toInstant());
        assertThat(awaitDecided(model).get("outcome").asText()).isEqualTo("registered");
        Thread.sleep(2_000);
        assertThat(history(model)).as("one trigger per slot").hasSize(1);
    }

    @Test
    void ifBetterKeepsTheChampionAgainstAWorseRetrainAndPromotesABetterOne() throws Exception {
        String model = LiveFixture.deployed(fixture, "retrain-if-better", "retrain-if-better");
        // the definition changes: the next version sees the protocol alone, which tells little
        Response weaken = put("/ml/models/" + model, Map.of("dropColumns", List.of("bytes", "duration", "dst_port")));
        assertThat(weaken.status()).as(weaken.toString()).isEqualTo(200);
        assertThat(put("/ml/models/" + model + "/retraining", Map.of("promotion", "if_better")).status()).isEqualTo(200);

        http.postJson("/ml/models/" + model + "/retraining/run", "");
        JsonNode worse = awaitDecided(model);
        assertThat(worse.get("outcome").asText()).as(worse.toString()).isEqualTo("kept_champion");
        assertThat(worse.get("comparison").get("improvement").asDouble()).isLessThan(-0.05);
        assertThat(worse.get("comparison").get("rows").asText()).contains("neither version trained on");
        assertThat(http.get("/ml/models/" + model).json().get("deployedVersion").asInt()).isEqualTo(1);

        // that weak version is deployed by hand; with every input back, the retrain is clearly better
        Response validated = http.postJson("/ml/models/" + model + "/validate", Json.write(Map.of("version", 2,
                "datasetId", http.get("/ml/models/" + model + "/versions/1").json().get("validation").get("datasetId").asText(),
                "thresholds", Map.of("accuracy", 0.0))));
        assertThat(validated.status()).as(validated.toString()).isEqualTo(200);
        fixture.deploy(model, 2);
        assertThat(put("/ml/models/" + model, Map.of("dropColumns", List.of())).status()).isEqualTo(200);

        http.postJson("/ml/models/" + model + "/retraining/run", "");
        JsonNode better = awaitDecided(model);
        assertThat(better.get("outcome").asText()).as(better.toString()).isEqualTo("promoted");
        assertThat(better.get("comparison").get("improvement").asDouble()).isGreaterThan(0.05);
        assertThat(better.get("newVersion").asInt()).isEqualTo(3);
        JsonNode now = http.get("/ml/models/" + model).json();
        assertThat(now.get("deployedVersion").asInt()).isEqualTo(3);
        JsonNode deployment = http.get("/ml/models/" + model + "/deployments").json().get(0);
        assertThat(deployment.get("createdBy").asText()).isEqualTo("vigil");
        JsonNode audited = awaitAudit("POST /ml/models/{id}/deploy", e -> e.get("actor").asText().equals("vigil"));
        assertThat(audited.get("object").get("version").asText()).isEqualTo("3");
    }

    @Test
    void includeFeedbackTrainsOnTheDatasetJoinedWithTheFeedbackLabelledPredictions() throws Exception {
        String model = LiveFixture.deployed(fixture, "retrain-feedback", "retrain-feedback");
        List<Map<String, Object>> rows = GeneratedFlows.rows(40, 21);
        List<JsonNode> answers = LiveFixture.predictEach(http, "retrain-feedback", GeneratedFlows.features(40, 21));
        LiveFixture.awaitRecorded(server, answers);
        LiveFixture.feedback(http, LiveFixture.truth(answers, rows));
        assertThat(put("/ml/models/" + model + "/retraining", Map.of("includeFeedback", true, "promotion", "never")).status())
                .isEqualTo(200);

        Response run = http.postJson("/ml/models/" + model + "/retraining/run", "");
        assertThat(run.status()).as(run.toString()).isEqualTo(202);
        JsonNode t = run.json();
        assertThat(t.get("feedbackRows").asInt()).isEqualTo(40);
        String base = t.get("baseDatasetId").asText();
        String training = t.get("trainingDatasetId").asText();
        assertThat(training).isNotEqualTo(base);
        long baseRows = http.get("/ml/datasets/" + base).json().get("rows").asLong();
        assertThat(http.get("/ml/datasets/" + training).json().get("rows").asLong()).isEqualTo(baseRows + 40);
        JsonNode feedbackRows = http.get("/ml/datasets/" + t.get("feedbackDatasetId").asText() + "/preview?limit=40").json().get("rows");
        assertThat(feedbackRows).hasSize(40);
        assertThat(feedbackRows.get(0).get("label").asText()).isEqualTo(rows.get(0).get("label"));
        assertThat(feedbackRows.get(0).get("dst_port").asInt()).isEqualTo(rows.get(0).get("dst_port"));
        assertThat(http.get("/ml/jobs/" + t.get("jobId").asText()).json().get("parameters").get("datasetId").asText()).isEqualTo(training);

        JsonNode decided = awaitDecided(model);
        assertThat(decided.get("outcome").asText()).as(decided.toString()).isEqualTo("registered");
        assertThat(decided.get("comparison").get("rows").asText()).contains("feedback rows");
        JsonNode v2 = http.get("/ml/models/" + model + "/versions/2").json();
        assertThat(v2.get("provenance").get("dataset").get("rows").asLong()).isEqualTo(baseRows + 40);
    }

    @Test
    void aBadPolicyIsRefusedNamingEachFieldAndAnAnalystMayReadButNotSet() throws Exception {
        String model = LiveFixture.deployed(fixture, "retrain-bad", "retrain-bad");
        Response bad = put("/ml/models/" + model + "/retraining", Map.of("driftShare", 2, "schedule", "every day", "promotion", "maybe",
                "cooldown", "1y"));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        bad.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("driftShare", "schedule", "promotion", "cooldown");

        HttpTestClient analyst = server.as(Role.ANALYST);
        JsonNode policy = analyst.get("/ml/models/" + model + "/retraining").json();
        assertThat(policy.get("configured").asBoolean()).isFalse();
        assertThat(policy.get("policy").get("promotion").asText()).isEqualTo("if_better");
        assertThat(analyst.send("PUT", "/ml/models/" + model + "/retraining", "application/json", "{}".getBytes()).status())
                .isEqualTo(403);
        assertThat(http.get("/ml/models/00000000-0000-0000-0000-000000000000/retraining").status()).isEqualTo(404);
    }

    private static Response put(String path, Map<String, Object> body) {
        return http.send("PUT", path, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode history(String model) {
        Response r = http.get("/ml/models/" + model + "/retraining/history");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("items");
    }

    private static JsonNode awaitHistory(String model, Predicate<JsonNode> done) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            JsonNode items = history(model);
            if (!items.isEmpty() && done.test(items)) {
                return items;
            }
            assertThat(Instant.now()).as("history of " + model + ": " + items).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    /** The newest trigger once it is decided. */
    private static JsonNode awaitDecided(String model) throws InterruptedException {
        return awaitHistory(model, h -> !List.of("training", "deciding").contains(h.get(0).get("outcome").asText())).get(0);
    }

    private static JsonNode awaitAudit(String action, Predicate<JsonNode> match) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            for (JsonNode e : http.get("/ml/audit?size=100&action=" + URLEncoder.encode(action, StandardCharsets.UTF_8)).json().get("items")) {
                if (match.test(e)) {
                    return e;
                }
            }
            assertThat(Instant.now()).as("no audit row " + action).isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
