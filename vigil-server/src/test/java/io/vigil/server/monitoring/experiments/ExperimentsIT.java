package io.vigil.server.monitoring.experiments;

import static io.vigil.server.monitoring.experiments.ExperimentFixture.await;
import static io.vigil.server.monitoring.experiments.ExperimentFixture.experiment;
import static io.vigil.server.monitoring.experiments.ExperimentFixture.predict;
import static io.vigil.server.monitoring.experiments.ExperimentFixture.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.monitoring.LiveFixture;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.SteppingClock;
import io.vigil.server.testing.TestServer;
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
 * Experiments on a real server: what a start is refused for, A/B routing by a sticky key (singles
 * and batches, the answer and the prediction log saying which arm), feedback joined to its arm,
 * a stop and a manual promotion, an experiment ended when its champion is replaced, and a second
 * instance on the same database routing the same keys the same way.
 */
class ExperimentsIT {
    static final Map<String, String> SETTINGS = Map.of("VIGIL_JOB_WORKERS", "1", "VIGIL_EXPERIMENTS_EVALUATE_SECONDS", "1",
            "VIGIL_RATE_LIMITS_ENABLED", "false");

    static final SteppingClock CLOCK = new SteppingClock();
    static TestServer server;
    static HttpTestClient http;
    static HttpTestClient sensor;
    static ExperimentFixture fixture;
    static Jdbi db;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(SETTINGS, CLOCK);
        http = server.http();
        sensor = server.anonymous().withApiKey(server.apiKey(Role.SERVICE));
        fixture = new ExperimentFixture(http);
        db = LiveFixture.database(server);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aStartIsCheckedAgainstTheRegistryAndEachRefusalSaysWhy() throws Exception {
        String id = fixture.model("checks-a", "checks", 2, 8, 3);
        String other = fixture.model("checks-other-type", "elsewhere", 1, 8, 3);
        fixture.deploy(id, 1);
        fixture.train(id, 3, null); // version 3: trained, not validated

        Response empty = http.postJson("/ml/experiments", "{\"mode\": \"canary\", \"split\": 1.5, \"stickyKey\": \"header:\"}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(fields(empty)).contains("name", "modelType", "champion", "challenger", "mode", "stickyKey");

        Response badSplit = http.postJson("/ml/experiments", Json.write(experiment("x", "checks", id, 1, id, 2, "split", 1.0)));
        assertThat(badSplit.status()).isEqualTo(400);
        assertThat(fields(badSplit)).containsExactly("split");

        Response same = http.postJson("/ml/experiments", Json.write(experiment("x", "checks", id, 1, id, 1)));
        assertThat(fields(same)).containsExactly("challenger");

        Response unknown = http.postJson("/ml/experiments", Json.write(experiment("x", "checks", id, 1, UUID.randomUUID().toString(), 1)));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(fields(unknown)).containsExactly("challenger.modelId");

        Response noVersion = http.postJson("/ml/experiments", Json.write(experiment("x", "checks", id, 1, id, 9)));
        assertThat(noVersion.status()).isEqualTo(422);
        assertThat(noVersion.json().get("detail").asText()).contains("has no version 9");

        Response wrongType = http.postJson("/ml/experiments", Json.write(experiment("x", "checks", id, 1, other, 1)));
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(wrongType.json().get("detail").asText()).contains("'elsewhere' model, not 'checks'");

        Response notDeployed = http.postJson("/ml/experiments", Json.write(experiment("x", "checks", id, 2, id, 1)));
        assertThat(notDeployed.status()).isEqualTo(409);
        assertThat(notDeployed.json().get("detail").asText()).contains("must be the version deployed", "version 1 is");

        Response notValidated = http.postJson("/ml/experiments", Json.write(experiment("x", "checks", id, 1, id, 3, "autoPromote", true)));
        assertThat(notValidated.status()).isEqualTo(409);
        assertThat(notValidated.json().get("detail").asText()).contains("is trained: validate it first");

        Response analyst = server.as(Role.ANALYST).postJson("/ml/experiments", Json.write(experiment("x", "checks", id, 1, id, 2)));
        assertThat(analyst.status()).isEqualTo(403);

        JsonNode started = start(server.as(Role.DATA_SCIENTIST), experiment("checks", "checks", id, 1, id, 3));
        assertThat(started.get("status").asText()).isEqualTo("running");
        assertThat(started.get("split").asDouble()).isEqualTo(0.1);
        assertThat(started.get("minSamples").asInt()).isEqualTo(500);
        assertThat(started.get("normalClass").asText()).isEqualTo("normal");
        assertThat(started.get("startedBy").asText()).isEqualTo("test-data-scientist");
        Response second = http.postJson("/ml/experiments", Json.write(experiment("again", "checks", id, 1, id, 2)));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("detail").asText()).contains("already running for modelType 'checks'");

        assertThat(http.postJson("/ml/experiments/" + started.get("id").asText() + "/stop", "").status()).isEqualTo(200);
        assertThat(http.postJson("/ml/experiments/" + started.get("id").asText() + "/stop", "").status()).isEqualTo(409);
        assertThat(http.get("/ml/experiments/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(http.get("/ml/experiments/not-an-id").status()).isEqualTo(404);
        assertThat(http.get("/ml/experiments?status=sideways").status()).isEqualTo(400);
    }

    @Test
    void abRoutesEachHostToOneArmAndTheAnswerTheLogAndTheFeedbackSayWhich() throws Exception {
        String id = fixture.model("ab-flows", "ab", 2, 8, 3);
        fixture.deploy(id, 1);
        JsonNode e = start(http, experiment("ab half", "ab", id, 1, id, 2, "split", 0.5, "stickyKey", "src_ip", "minSamples", 10));
        String experimentId = e.get("id").asText();

        List<Map<String, Object>> rows = ExperimentFixture.records(300, 5);
        Map<String, String> armOfHost = new HashMap<>();
        List<JsonNode> answers = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> features = new HashMap<>(row);
            features.remove("label");
            JsonNode a = predict(sensor, "ab", features, null, null);
            answers.add(a);
            JsonNode arm = a.get("experiment");
            assertThat(arm.get("id").asText()).isEqualTo(experimentId);
            assertThat(arm.get("assignment").asText()).isEqualTo("sticky");
            String previous = armOfHost.putIfAbsent((String) row.get("src_ip"), arm.get("arm").asText());
            assertThat(arm.get("arm").asText()).as("host %s always meets one arm", row.get("src_ip")).isEqualTo(
                    previous == null ? arm.get("arm").asText() : previous);
            assertThat(a.get("model").get("version").asInt()).isEqualTo("challenger".equals(arm.get("arm").asText()) ? 2 : 1);
        }
        assertThat(armOfHost.values()).contains("champion", "challenger");

        // without the key: drawn at random, and the answer says so
        Map<String, Object> noHost = new HashMap<>(rows.get(0));
        noHost.remove("label");
        noHost.remove("src_ip");
        assertThat(predict(sensor, "ab", noHost, null, null).get("experiment").get("assignment").asText()).isEqualTo("random");

        // a batch from many hosts: each record meets its host's arm, answered in order
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Map<String, Object> r = new HashMap<>(rows.get(i));
            r.remove("label");
            batch.add(r);
        }
        batch.get(7).put("bytes", "lots"); // refused in its place, whichever arm it met
        Response scored = sensor.postJson("/ml/predict", Json.write(Map.of("modelType", "ab", "instances", batch)));
        assertThat(scored.status()).as(scored.toString()).isEqualTo(200);
        JsonNode predictions = scored.json().get("predictions");
        assertThat(scored.json().get("count").asInt()).isEqualTo(60);
        assertThat(scored.json().get("failed").asInt()).isEqualTo(1);
        assertThat(predictions.get(7).get("index").asInt()).isEqualTo(7);
        assertThat(predictions.get(7).get("error").get("errors").get(0).get("field").asText()).isEqualTo("instances[7].bytes");
        for (int i = 0; i < 60; i++) {
            if (i != 7) {
                assertThat(predictions.get(i).get("experiment").get("arm").asText()).isEqualTo(armOfHost.get(ExperimentFixture.host(i)));
            }
        }

        // the prediction log keeps the experiment and arm; feedback is joined to them
        LiveFixture.awaitRecorded(server, answers);
        Map<String, Long> logged = new HashMap<>();
        db.useHandle(h -> h.createQuery("select arm, sum(size) as n from prediction_batches where experiment_id = :e group by arm")
                .bind("e", UUID.fromString(experimentId)).map((rs, ctx) -> logged.put(rs.getString("arm"), rs.getLong("n"))).list());
        assertThat(logged.get("champion") + logged.get("challenger")).isEqualTo(300 + 1 + 59);
        JsonNode feedback = LiveFixture.feedback(sensor, LiveFixture.truth(answers, rows));
        assertThat(feedback.get("accepted").asInt()).isEqualTo(300);
        long challengerFeedback = db.withHandle(h -> h.createQuery("select count(*) from prediction_feedback where experiment_id = :e"
                + " and arm = 'challenger'").bind("e", UUID.fromString(experimentId)).mapTo(Long.class).one());
        long expected = answers.stream().filter(a -> "challenger".equals(a.get("experiment").get("arm").asText())).count();
        assertThat(challengerFeedback).isEqualTo(expected);

        JsonNode live = http.get("/ml/experiments/" + experimentId).json();
        JsonNode figures = live.get("figures");
        assertThat(figures.get("champion").get("feedback").asLong() + figures.get("challenger").get("feedback").asLong()).isEqualTo(300);
        assertThat(figures.get("championValue").asDouble()).isBetween(0.8, 1.0);
        assertThat(figures.get("comparison").get("pValue").asDouble()).isBetween(0.0, 1.0);
        assertThat(figures.get("comparison").get("interval").asText()).contains("Newcombe");
        assertThat(server.as(Role.ANALYST).get("/ml/experiments?status=running&modelType=ab").json().get("items").get(0).get("id").asText())
                .isEqualTo(experimentId);

        Response stopped = server.as(Role.DATA_SCIENTIST).postJson("/ml/experiments/" + experimentId + "/stop", "");
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.json().get("status").asText()).isEqualTo("stopped");
        assertThat(stopped.json().get("decision").get("figures").get("champion").get("feedback").asLong()).isPositive();
        JsonNode after = predict(sensor, "ab", noHost, null, null);
        assertThat(after.has("experiment")).as("no experiment routes the slot any more").isFalse();
        assertThat(after.get("model").get("version").asInt()).isEqualTo(1);
        JsonNode audited = awaitAudit("experiment stopped");
        assertThat(audited.get("actor").asText()).isEqualTo("test-data-scientist");
        assertThat(audited.get("object").get("experiment").asText()).isEqualTo(experimentId);
        assertThat(audited.get("object").get("pValue")).isNotNull();
    }

    @Test
    void inShadowModeTheChampionAnswersEveryoneAndTheChallengerIsJudgedOnTheSameRows() throws Exception {
        String champion = fixture.model("shadow-strong", "shadow", 1, 8, 3);
        String challenger = fixture.model("shadow-weak", "shadow", 0, 1, 1);
        fixture.train(challenger, 1, null);
        fixture.validate(challenger, 1);
        fixture.deploy(champion, 1);
        JsonNode e = start(http, experiment("shadow", "shadow", champion, 1, challenger, 1, "mode", "shadow", "stickyKey", "src_ip",
                "minSamples", 10));
        assertThat(e.get("split").asDouble()).as("shadow: every prediction copied").isEqualTo(1.0);
        String experimentId = e.get("id").asText();

        List<Map<String, Object>> rows = ExperimentFixture.records(200, 8);
        List<JsonNode> answers = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> features = new HashMap<>(row);
            features.remove("label");
            JsonNode a = predict(sensor, "shadow", features, null, null);
            assertThat(a.get("model").get("id").asText()).as("nobody sees the challenger").isEqualTo(champion);
            assertThat(a.get("experiment").get("arm").asText()).isEqualTo("champion");
            answers.add(a);
        }
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<String, Object> r = new HashMap<>(rows.get(i));
            r.remove("label");
            batch.add(r);
        }
        Response scored = sensor.postJson("/ml/predict", Json.write(Map.of("modelType", "shadow", "instances", batch)));
        scored.json().get("predictions").forEach(p -> assertThat(p.get("model").get("id").asText()).isEqualTo(champion));

        // the challenger's predictions are in the log, marked as the shadows of the champion's
        UUID eid = UUID.fromString(experimentId);
        await("the shadow's rows are logged", 20, () -> db.withHandle(h -> h.createQuery("select coalesce(sum(size), 0) from"
                + " prediction_batches where experiment_id = :e and arm = 'shadow'").bind("e", eid).mapTo(Long.class).one()) == 220);
        long shadowOfChampions = db.withHandle(h -> h.createQuery("select count(*) from prediction_batches s where s.arm = 'shadow'"
                + " and s.experiment_id = :e and s.model_id = :challenger and s.shadow_of = any(cast(:ids as uuid[]))").bind("e", eid)
                .bind("challenger", UUID.fromString(challenger))
                .bindArray("ids", UUID.class, answers.stream().map(a -> UUID.fromString(a.get("predictionId").asText())).toArray())
                .mapTo(Long.class).one());
        assertThat(shadowOfChampions).as("a shadow row starts at a champion prediction").isPositive();

        LiveFixture.awaitRecorded(server, answers);
        assertThat(LiveFixture.feedback(sensor, LiveFixture.truth(answers, rows)).get("accepted").asInt()).isEqualTo(200);
        await("the shadow's counts are added", 15, () -> http.get("/ml/experiments/" + experimentId).json().get("figures").get("shadow")
                .get("compared").asLong() == 220);
        JsonNode figures = http.get("/ml/experiments/" + experimentId).json().get("figures");
        System.out.println("shadow figures: " + figures);
        assertThat(figures.get("champion").get("feedback").asLong()).isEqualTo(200);
        assertThat(figures.get("challenger").get("feedback").asLong()).as("judged on the very same rows").isEqualTo(200);
        assertThat(figures.get("shadow").get("agreementRate").asDouble()).isBetween(0.0, 1.0);
        assertThat(figures.get("shadow").get("dropped").asLong()).isZero();
        assertThat(figures.get("comparison").get("test").asText()).contains("McNemar");
        JsonNode shadow = figures.get("shadow");
        assertThat(shadow.get("agreementRate").asDouble()).isEqualTo(shadow.get("agreed").asDouble() / shadow.get("compared").asDouble());
        http.postJson("/ml/experiments/" + experimentId + "/stop", "");
    }

    @Test
    void aSignificantlyWorseChallengerIsAnnouncedWithoutAutoStopAndStoppedWithIt() throws Exception {
        String id = fixture.model("worse-flows", "worse", 1, 8, 3);
        fixture.deploy(id, 1);
        fixture.trainInverted(id); // version 2: every label learnt the other way round
        JsonNode announced = start(http, experiment("worse, told", "worse", id, 1, id, 2, "split", 0.5, "stickyKey", "src_ip",
                "minSamples", 20));
        streamWithFeedback("worse", 120, 21);
        JsonNode told = awaitAudit("experiment challenger-worse");
        assertThat(told.get("actor").asText()).isEqualTo("vigil");
        assertThat(told.get("object").get("experiment").asText()).isEqualTo(announced.get("id").asText());
        assertThat(told.get("object").get("reason").asText()).contains("significantly worse", "autoStop is off");
        String url = "/ml/experiments/" + announced.get("id").asText();
        assertThat(http.get(url).json().get("status").asText()).as("announced, not acted on").isEqualTo("running");
        assertThat(http.get(url).json().get("looks").asInt()).isEqualTo(1);
        http.postJson(url + "/stop", "");

        JsonNode stopping = start(http, experiment("worse, stopped", "worse", id, 1, id, 2, "split", 0.5, "stickyKey", "src_ip",
                "minSamples", 20, "autoStop", true));
        streamWithFeedback("worse", 120, 22);
        String stoppingUrl = "/ml/experiments/" + stopping.get("id").asText();
        await("stopped by the evaluation", 20, () -> "stopped".equals(http.get(stoppingUrl).json().get("status").asText()));
        JsonNode ended = http.get(stoppingUrl).json();
        assertThat(ended.get("endedBy").asText()).isEqualTo("vigil");
        assertThat(ended.get("endReason").asText()).contains("significantly worse", "look 1");
        assertThat(ended.get("decision").get("figures").get("comparison").get("high").asDouble()).isNegative();
        assertThat(http.get("/ml/models/" + id + "/deployments").json().get(0).get("version").asInt()).as("the champion keeps the slot")
                .isEqualTo(1);
    }

    @Test
    void withoutADifferenceAnExperimentEndsInconclusiveAfterItsMaximumDuration() throws Exception {
        String id = fixture.model("inconclusive-flows", "inconclusive", 2, 8, 3);
        fixture.deploy(id, 1);
        JsonNode e = start(http, experiment("short", "inconclusive", id, 1, id, 2, "maxDurationMinutes", 1, "autoPromote", true,
                "autoStop", true));
        String url = "/ml/experiments/" + e.get("id").asText();
        Thread.sleep(2_500); // evaluations come and go: it runs on
        assertThat(http.get(url).json().get("status").asText()).isEqualTo("running");
        CLOCK.advance(java.time.Duration.ofMinutes(2));
        await("ended at the next evaluation", 15, () -> "inconclusive".equals(http.get(url).json().get("status").asText()));
        JsonNode ended = http.get(url).json();
        assertThat(ended.get("endReason").asText()).contains("no significant difference within 1 minute", "the champion keeps the slot");
        assertThat(awaitAudit("experiment inconclusive").get("actorKind").asText()).isEqualTo("system");
    }

    /** {@code n} flows (seed {@code seed}) predicted for {@code type} from their hosts, and their true labels sent back. */
    private static void streamWithFeedback(String type, int n, long seed) throws InterruptedException {
        List<Map<String, Object>> rows = ExperimentFixture.records(n, seed);
        List<JsonNode> answers = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> features = new HashMap<>(row);
            features.remove("label");
            answers.add(predict(sensor, type, features, null, null));
        }
        LiveFixture.awaitRecorded(server, answers);
        assertThat(LiveFixture.feedback(sensor, LiveFixture.truth(answers, rows)).get("accepted").asInt()).isEqualTo(n);
    }

    @Test
    void aManualPromotionDeploysTheChallengerThroughTheRegistry() throws Exception {
        String id = fixture.model("promote-flows", "promote", 2, 8, 3);
        fixture.deploy(id, 1);
        JsonNode e = start(http, experiment("to promote", "promote", id, 1, id, 2, "split", 0.5));
        Response promoted = server.as(Role.DATA_SCIENTIST).postJson("/ml/experiments/" + e.get("id").asText() + "/promote", "");
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        assertThat(promoted.json().get("status").asText()).isEqualTo("promoted");
        assertThat(promoted.json().get("endedBy").asText()).isEqualTo("test-data-scientist");
        JsonNode deployments = http.get("/ml/models/" + id + "/deployments").json();
        assertThat(deployments.get(0).get("version").asInt()).isEqualTo(2);
        assertThat(deployments.get(0).get("createdBy").asText()).isEqualTo("test-data-scientist");
        JsonNode after = predict(sensor, "promote", Map.of("bytes", 40, "duration", 0.01, "dst_port", 22, "proto", "tcp"), null, null);
        assertThat(after.get("model").get("version").asInt()).isEqualTo(2);
        assertThat(after.has("experiment")).isFalse();
    }

    @Test
    void anExperimentWhoseChampionIsReplacedEndsAndNeverCreditsTheNewVersion() throws Exception {
        String id = fixture.model("replaced-flows", "replaced", 3, 8, 3);
        fixture.deploy(id, 1);
        JsonNode e = start(http, experiment("replaced", "replaced", id, 1, id, 2, "split", 0.5));
        fixture.deploy(id, 3); // someone deploys another version meanwhile
        Map<String, Object> flow = Map.of("bytes", 40, "duration", 0.01, "dst_port", 22, "proto", "tcp");
        for (int i = 0; i < 20; i++) {
            JsonNode a = predict(sensor, "replaced", flow, null, null);
            assertThat(a.has("experiment")).as("the slot's model is no longer the champion: no routing").isFalse();
            assertThat(a.get("model").get("version").asInt()).isEqualTo(3);
        }
        String url = "/ml/experiments/" + e.get("id").asText();
        await("ended at its next evaluation", 15, () -> "stopped".equals(http.get(url).json().get("status").asText()));
        JsonNode ended = http.get(url).json();
        assertThat(ended.get("endedBy").asText()).isEqualTo("vigil");
        assertThat(ended.get("endReason").asText()).contains("no longer the deployed replaced model");
        JsonNode audited = awaitAudit("experiment stopped");
        assertThat(audited.get("actorKind").asText()).isEqualTo("system");
    }

    @Test
    void anotherInstanceOnTheSameDatabaseRoutesTheSameKeysTheSameWayWithinSeconds() throws Exception {
        String id = fixture.model("shared-flows", "shared", 2, 8, 3);
        fixture.deploy(id, 1);
        try (TestServer other = TestServer.start(Map.of("VIGIL_DB_URL", server.config().dbUrl(), "VIGIL_DATA_DIR",
                server.dataDir().toString(), "VIGIL_RATE_LIMITS_ENABLED", "false"))) {
            HttpTestClient there = other.http();
            Map<String, Object> flow = Map.of("bytes", 40, "duration", 0.01, "dst_port", 22, "proto", "tcp");
            assertThat(predict(there, "shared", flow, null, null).has("experiment")).isFalse();
            long begin = System.nanoTime();
            JsonNode e = start(http, experiment("shared", "shared", id, 1, id, 2, "split", 0.5, "stickyKey", "header:X-Sensor"));
            await("the other instance routes by the new experiment", 5, () -> predict(there, "shared", flow, null, null).has("experiment"));
            System.out.printf("an experiment started on one instance routed on the other after %d ms%n", (System.nanoTime() - begin) / 1_000_000);
            for (int s = 0; s < 40; s++) {
                String sensorName = "sensor-" + s;
                JsonNode here = predict(http, "shared", flow, "X-Sensor", sensorName).get("experiment");
                JsonNode away = predict(there, "shared", flow, "X-Sensor", sensorName).get("experiment");
                assertThat(away.get("arm").asText()).as(sensorName).isEqualTo(here.get("arm").asText());
                assertThat(away.get("id").asText()).isEqualTo(e.get("id").asText());
            }
            http.postJson("/ml/experiments/" + e.get("id").asText() + "/stop", "");
            await("the other instance stops routing", 5, () -> !predict(there, "shared", flow, null, null).has("experiment"));
        }
    }

    private static List<String> fields(Response r) {
        List<String> out = new ArrayList<>();
        r.json().path("errors").forEach(e -> out.add(e.get("field").asText()));
        return out;
    }

    /** The newest audit row of {@code action}, waiting for the audit writer. */
    static JsonNode awaitAudit(String action) throws InterruptedException {
        return awaitAudit(http, action);
    }

    static JsonNode awaitAudit(HttpTestClient http, String action) throws InterruptedException {
        String path = "/ml/audit?action=" + java.net.URLEncoder.encode(action, java.nio.charset.StandardCharsets.UTF_8);
        await("audited: " + action, 10, () -> !http.get(path).json().get("items").isEmpty());
        return http.get(path).json().get("items").get(0);
    }
}
