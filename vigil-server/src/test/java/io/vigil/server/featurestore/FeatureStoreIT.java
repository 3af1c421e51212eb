package io.vigil.server.featurestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The feature store on a real server: a definition is checked against its source when saved (every
 * bad field named) and versioned; materialised over an uploaded event table, each row's features
 * are those of the events of its host at or before it (computed here by hand); online, events posted
 * to its stream give each host's latest values by key, with missing and stale values reported
 * rather than zeros, and an instance started afresh on the same database answers the same.
 */
class FeatureStoreIT {
    static TestServer server;
    static HttpTestClient scientist;
    static HttpTestClient pipeline;
    static String dataset;
    static final String SPEC = "{\"keys\": [\"host\"], \"time\": \"ts\", \"features\": ["
            + "{\"kind\": \"mean\", \"column\": \"bytes\", \"window\": \"5m\"},"
            + "{\"kind\": \"count\", \"window\": \"5m\"},"
            + "{\"kind\": \"lag\", \"column\": \"bytes\", \"lag\": 1}]}";

    @BeforeAll
    static void start() {
        server = TestServer.start();
        scientist = server.as(Role.DATA_SCIENTIST);
        pipeline = server.anonymous().withApiKey(server.apiKey(Role.SERVICE));
        // two hosts; the file is not in time order: a row's features must not depend on where it sits
        String csv = """
                host,ts,bytes,proto
                a,2026-01-01T00:04:00Z,400,tcp
                a,2026-01-01T00:00:00Z,100,tcp
                b,2026-01-01T00:01:00Z,50,udp
                a,2026-01-01T00:02:00Z,200,tcp
                a,2026-01-01T00:10:00Z,1000,tcp
                b,2026-01-01T00:03:00Z,70,udp
                """;
        Response up = scientist.upload("/ml/datasets/upload", "flows.csv", csv.getBytes(StandardCharsets.UTF_8), Map.of("name", "flows"));
        assertThat(up.status()).as(up.toString()).isEqualTo(201);
        dataset = up.json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response define(String name, String source, String spec, String more) {
        return scientist.postJson("/ml/features", "{\"name\": \"" + name + "\", \"source\": " + source + ", \"spec\": " + spec + more + "}");
    }

    @Test
    void aDefinitionIsCheckedAgainstItsSourceAndVersioned() {
        String source = "{\"kind\": \"dataset\", \"datasetId\": \"" + dataset + "\"}";
        Response first = define("host-bytes", source, SPEC, "");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("version").asInt()).isEqualTo(1);
        assertThat(first.json().get("features")).extracting(JsonNode::asText)
                .containsExactly("bytes_mean_5m", "count_5m", "bytes_lag_1");
        assertThat(first.json().get("staleAfterSeconds").asLong()).isEqualTo(300);
        assertThat(define("host-bytes", source, SPEC, "").json().get("version").asInt()).isEqualTo(2);
        JsonNode got = scientist.get("/ml/features/host-bytes?version=1").json();
        assertThat(got.get("definition").get("version").asInt()).isEqualTo(1);
        assertThat(got.get("versions")).extracting(JsonNode::asInt).containsExactly(1, 2);

        Response unknown = define("bad", source, SPEC.replace("\"column\": \"bytes\", \"window\"", "\"column\": \"byts\", \"window\""), "");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text()).contains("spec.features[0].column");
        Response text = define("bad", source, SPEC.replace("\"column\": \"bytes\", \"lag\"", "\"column\": \"proto\", \"lag\""), "");
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.text()).contains("spec.features[2].column");
        Response noDataset = define("bad", "{\"kind\": \"dataset\", \"datasetId\": \"" + java.util.UUID.randomUUID() + "\"}", SPEC, "");
        assertThat(noDataset.status()).isEqualTo(400);
        assertThat(noDataset.text()).contains("source.datasetId");
        assertThat(define("bad", "{\"kind\": \"lake\"}", SPEC, "").text()).contains("source.kind");
        assertThat(define("bad", source, SPEC, ", \"ranges\": {\"nope\": {\"min\": 0}}").text()).contains("ranges.nope");
        assertThat(scientist.get("/ml/features/bad").status()).isEqualTo(404);
    }

    @Test
    void materialisedFeaturesUseOnlyEachHostsPast() {
        String source = "{\"kind\": \"dataset\", \"datasetId\": \"" + dataset + "\"}";
        assertThat(define("offline", source, SPEC, "").status()).isEqualTo(201);
        Response made = scientist.postJson("/ml/features/offline/materialise", "{}");
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        assertThat(made.json().get("rows").asInt()).isEqualTo(6);
        String id = made.json().get("dataset").get("id").asText();
        JsonNode rows = scientist.get("/ml/datasets/" + id + "/preview?limit=10").json().get("rows");
        Map<String, JsonNode> byKey = new HashMap<>();
        rows.forEach(r -> byKey.put(r.get("host").asText() + "@" + r.get("ts").asText(), r));
        // a at 00:04: the window (23:59, 00:04] holds 100, 200, 400 -> mean 233.33, count 3; one event back 200
        JsonNode a4 = byKey.get("a@2026-01-01T00:04:00Z");
        assertThat(a4.get("bytes_mean_5m").asDouble()).isCloseTo(700.0 / 3, within(1e-9));
        assertThat(a4.get("count_5m").asDouble()).isEqualTo(3);
        assertThat(a4.get("bytes_lag_1").asDouble()).isEqualTo(200);
        // a at 00:00, its first event: nothing before it, so no lag (missing, not 0)
        JsonNode a0 = byKey.get("a@2026-01-01T00:00:00Z");
        assertThat(a0.get("bytes_mean_5m").asDouble()).isEqualTo(100);
        assertThat(a0.get("bytes_lag_1").isNull()).isTrue();
        // a at 00:10: (00:05, 00:10] holds itself alone; b's events never count for a
        JsonNode a10 = byKey.get("a@2026-01-01T00:10:00Z");
        assertThat(a10.get("count_5m").asDouble()).isEqualTo(1);
        assertThat(a10.get("bytes_lag_1").asDouble()).isEqualTo(400);
        JsonNode b3 = byKey.get("b@2026-01-01T00:03:00Z");
        assertThat(b3.get("bytes_mean_5m").asDouble()).isEqualTo(60);
    }

    /** A deployed model whose inputs are the store's features and a raw field: busy when the 5-minute mean passes 600. */
    private static String trainedOnStoredFeatures() {
        HttpTestClient admin = server.http();
        String train = busyHosts(admin, "busy-train", 4);
        String holdout = busyHosts(admin, "busy-holdout", 5);
        String id = admin.postJson("/ml/models", "{\"modelName\": \"busy-hosts\", \"modelType\": \"busy\", \"algorithm\": \"gbm\","
                + " \"targetVariable\": \"label\", \"hyperparameters\": {\"rounds\": 20, \"max_depth\": 3}}").json().get("id").asText();
        String job = admin.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + train + "\"}").json().get("id").asText();
        Instant deadline = Instant.now().plusSeconds(120);
        while (!admin.get("/ml/jobs/" + job).json().get("state").asText().equals("succeeded")) {
            assertThat(Instant.now()).isBefore(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        while (admin.get("/ml/models/" + id).json().get("status").asText().equals("training")) Thread.onSpinWait();
        Response validated = admin.postJson("/ml/models/" + id + "/validate", "{\"datasetId\": \"" + holdout + "\", \"version\": 1,"
                + " \"thresholds\": {\"accuracy\": 0.8}}");
        assertThat(validated.status()).as(validated.toString()).isEqualTo(200);
        Response deployed = admin.postJson("/ml/models/" + id + "/deploy", "{\"version\": 1}");
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
        return id;
    }

    private static String busyHosts(HttpTestClient admin, String name, long seed) {
        StringBuilder csv = new StringBuilder("bytes_mean_5m,count_5m,proto,label\n");
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < 400; i++) {
            double mean = random.nextDouble() * 2000;
            csv.append(mean).append(',').append(1 + random.nextInt(10)).append(',').append(i % 2 == 0 ? "tcp" : "udp").append(',')
                    .append(mean > 600 ? "busy" : "quiet").append('\n');
        }
        Response up = admin.upload("/ml/datasets/upload", name + ".csv", csv.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("name", name, "labelColumn", "label"));
        assertThat(up.status()).as(up.toString()).isEqualTo(201);
        return up.json().get("id").asText();
    }

    @Test
    void onlineValuesByKeyFromTheStreamSurviveARestart() {
        assertThat(define("live", "{\"kind\": \"stream\"}", SPEC, ", \"ranges\": {\"bytes_mean_5m\": {\"min\": 0, \"max\": 1000}}")
                .status()).isEqualTo(201);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String events = "[{\"host\": \"web-1\", \"ts\": \"" + now.minusSeconds(120) + "\", \"bytes\": 100},"
                + "{\"host\": \"web-1\", \"ts\": \"" + now.minusSeconds(60) + "\", \"bytes\": 2300},"
                + "{\"host\": \"old-1\", \"ts\": \"" + now.minusSeconds(7200) + "\", \"bytes\": 5}]";
        Response sent = pipeline.postJson("/ml/features/live/events", events);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.json().get("accepted").asInt()).isEqualTo(3);

        JsonNode web = pipeline.get("/ml/features/live/entities/web-1").json();
        assertThat(web.get("features").get("bytes_mean_5m").asDouble()).isEqualTo(1200);
        assertThat(web.get("features").get("count_5m").asDouble()).isEqualTo(2);
        assertThat(web.get("features").get("bytes_lag_1").asDouble()).isEqualTo(100);
        assertThat(web.get("stale").asBoolean()).isFalse();
        assertThat(web.get("outOfRange").get(0).get("feature").asText()).isEqualTo("bytes_mean_5m");
        JsonNode old = pipeline.get("/ml/features/live/entities/old-1").json();
        assertThat(old.get("stale").asBoolean()).isTrue();
        assertThat(old.get("missing")).extracting(JsonNode::asText).containsExactly("bytes_lag_1");
        assertThat(pipeline.get("/ml/features/live/entities/nobody").status()).isEqualTo(404);

        // one bad event refuses the batch, naming it; nothing of it is taken
        Response bad = pipeline.postJson("/ml/features/live/events", "[{\"host\": \"web-1\", \"ts\": \"" + now + "\", \"bytes\": 1},"
                + " {\"host\": \"web-1\", \"ts\": \"" + now + "\", \"bytes\": \"lots\"}]");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("events[1]");
        assertThat(pipeline.get("/ml/features/live/entities/web-1").json().get("features").get("count_5m").asDouble()).isEqualTo(2);

        // a prediction that carries only the entity's key and its raw fields: the rest comes from the store
        String model = trainedOnStoredFeatures();
        Response predicted = pipeline.postJson("/ml/models/" + model + "/predict", "{\"features\": {\"proto\": \"tcp\"},"
                + " \"entity\": {\"features\": \"live\", \"key\": \"web-1\"}, \"explain\": true}");
        assertThat(predicted.status()).as(predicted.toString()).isEqualTo(200);
        assertThat(predicted.json().get("label").asText()).isEqualTo("busy"); // a 5-minute mean of 1200 bytes
        JsonNode used = predicted.json().get("explanation").get("contributions");
        Map<String, String> values = new HashMap<>();
        used.forEach(c -> values.put(c.get("feature").asText(), c.get("value").asText()));
        assertThat(values).containsEntry("bytes_mean_5m", "1200.0"); // the value the store holds, as the model read it
        Response stale = pipeline.postJson("/ml/models/" + model + "/predict", "{\"features\": {\"proto\": \"tcp\"},"
                + " \"entity\": {\"features\": \"live\", \"key\": \"old-1\"}}");
        assertThat(stale.status()).isEqualTo(422);
        assertThat(stale.text()).contains("stale");
        assertThat(pipeline.postJson("/ml/models/" + model + "/predict", "{\"features\": {\"proto\": \"tcp\"},"
                + " \"entity\": {\"features\": \"live\", \"key\": \"nobody\"}}").status()).isEqualTo(404);

        // a new instance on the same database rebuilds the values from the recorded events
        try (TestServer again = TestServer.start(Map.of("VIGIL_DB_URL", server.config().dbUrl()))) {
            HttpTestClient client = again.anonymous().withApiKey(again.apiKey(Role.SERVICE));
            JsonNode restored = client.get("/ml/features/live/entities/web-1").json();
            assertThat(restored.get("features").get("bytes_mean_5m").asDouble()).isEqualTo(1200);
            assertThat(restored.get("features").get("bytes_lag_1").asDouble()).isEqualTo(100);
        }
    }
}
