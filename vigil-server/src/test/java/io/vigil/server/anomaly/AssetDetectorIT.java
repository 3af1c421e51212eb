package io.vigil.server.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.testing.EventStreamRecorder;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 21's second "done when": an asset's metrics stream in; before any detector a spike is
 * found by the statistical fallback; {@code POST /ml/anomaly/train} trains an isolation forest with
 * window features on the asset's history as a normal model (too little history is a 422); until it
 * is deployed the fallback still answers, and says why; once deployed the forest scores the points
 * (its window features started from the asset's stored past), a spike is an anomaly and a security
 * event on the live stream, with the model named.
 */
class AssetDetectorIT {
    static TestServer server;
    static HttpTestClient agent;
    static HttpTestClient scientist;
    static EventStreamRecorder stream;
    static final Instant START = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(600));
    static final Random RANDOM = new Random(5);

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1"));
        agent = server.anonymous().withApiKey(server.apiKey(Role.SERVICE));
        scientist = server.as(Role.DATA_SCIENTIST);
        stream = EventStreamRecorder.listen(server, "/ml/stream");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String point(Instant at, double cpu, double memory, double net) {
        return String.format(Locale.ROOT, "{\"timestamp\": \"%s\", \"values\": {\"cpu\": %.5f, \"memory\": %.5f, \"net_in\": %.2f}}",
                at, cpu, memory, net);
    }

    private static String normal(Instant at) {
        return point(at, 0.35 + 0.03 * RANDOM.nextGaussian(), 0.55 + 0.01 * RANDOM.nextGaussian(), 800 + 40 * RANDOM.nextGaussian());
    }

    private static JsonNode detect(String... points) {
        Response r = agent.postJson("/ml/anomaly/detect", "{\"assetId\": \"db-01\", \"points\": [" + String.join(",", points) + "]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @Test
    void statisticalFirstThenTheTrainedForest() throws Exception {
        // too little history for a detector: a clear 422
        agent.postJson("/ml/assets/db-01/metrics", "[" + normal(START) + "]");
        Response early = scientist.postJson("/ml/anomaly/train", "{\"assetId\": \"db-01\", \"hours\": 24}");
        assertThat(early.status()).as(early.toString()).isEqualTo(422);
        assertThat(early.text()).contains("at least 100").contains("minTrainingSamples");

        List<String> history = new ArrayList<>();
        for (int m = 1; m < 540; m++) history.add(normal(START.plus(Duration.ofMinutes(m))));
        assertThat(agent.postJson("/ml/assets/db-01/metrics", "[" + String.join(",", history) + "]").status()).isEqualTo(201);

        // no detector: the fallback finds the spike
        Instant t = START.plus(Duration.ofMinutes(540));
        JsonNode before = detect(normal(t), point(t.plusSeconds(60), 0.99, 0.97, 9000));
        assertThat(before.get("method").asText()).isEqualTo("statistical");
        assertThat(before.get("points").get(1).get("isAnomaly").asBoolean()).isTrue();

        // train: the asset's history as a dataset, a normal model with window features, a training job
        Response queued = scientist.postJson("/ml/anomaly/train", "{\"assetId\": \"db-01\", \"hours\": 24, \"contamination\": 0.02,"
                + " \"features\": {\"windows\": [\"10m\", \"1h\"], \"lags\": [1]}, \"seed\": 3}");
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        String model = queued.json().get("modelId").asText();
        assertThat(queued.json().get("modelName").asText()).isEqualTo("asset-anomaly-db-01");
        assertThat(queued.json().get("rows").asInt()).isEqualTo(542);
        assertThat(queued.json().get("features")).extracting(JsonNode::asText).contains("cpu_mean_10m", "net_in_std_1h", "memory_diff_1");
        awaitJob(queued.json().get("job").get("id").asText());
        JsonNode listed = scientist.get("/ml/models/" + model).json();
        assertThat(listed.get("algorithm").asText()).isEqualTo("isolation_forest");
        assertThat(analystAsset().get("modelId").asText()).isEqualTo(model);

        // trained, not deployed: still the fallback, and the answer says why
        JsonNode undeployed = detect(normal(t.plusSeconds(120)));
        assertThat(undeployed.get("method").asText()).isEqualTo("statistical");
        assertThat(undeployed.get("note").asText()).contains("no deployed version");

        // validated on other days of the same asset, deployed
        StringBuilder csv = new StringBuilder("asset_id,timestamp,cpu,memory,net_in\n");
        Instant other = START.minus(Duration.ofDays(3));
        for (int m = 0; m < 300; m++) {
            csv.append(String.format(Locale.ROOT, "db-01,%s,%.5f,%.5f,%.2f%n", other.plus(Duration.ofMinutes(m)),
                    0.35 + 0.03 * RANDOM.nextGaussian(), 0.55 + 0.01 * RANDOM.nextGaussian(), 800 + 40 * RANDOM.nextGaussian()));
        }
        Response holdout = scientist.upload("/ml/datasets/upload", "db-01-other-days.csv", csv.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("name", "db-01-other-days"));
        assertThat(holdout.status()).as(holdout.toString()).isEqualTo(201);
        Response validated = scientist.postJson("/ml/models/" + model + "/validate", "{\"datasetId\": \"" + holdout.json().get("id").asText()
                + "\", \"version\": 1, \"thresholds\": {\"anomaly_rate\": 0.2}}");
        assertThat(validated.status()).as(validated.toString()).isEqualTo(200);
        assertThat(validated.json().get("passed").asBoolean()).as(validated.toString()).isTrue();
        assertThat(scientist.postJson("/ml/models/" + model + "/deploy", "{\"version\": 1}").status()).isEqualTo(200);

        // an hour and a quarter of normal minutes, so the spike above has left every window (and the event's gap)
        List<String> calmHour = new ArrayList<>();
        for (int m = 3; m < 80; m++) calmHour.add(normal(t.plus(Duration.ofMinutes(m))));
        assertThat(agent.postJson("/ml/assets/db-01/metrics", "[" + String.join(",", calmHour) + "]").status()).isEqualTo(201);

        // the forest now: normal minutes score low, a spike on every metric is an anomaly and one event on the stream
        Instant u = t.plus(Duration.ofMinutes(80));
        JsonNode after = detect(normal(u), normal(u.plusSeconds(60)), point(u.plusSeconds(120), 0.99, 0.97, 9000));
        assertThat(after.get("method").asText()).isEqualTo("model");
        assertThat(after.get("modelId").asText()).isEqualTo(model);
        assertThat(after.get("version").asInt()).isEqualTo(1);
        JsonNode calm = after.get("points").get(0);
        JsonNode spike = after.get("points").get(2);
        assertThat(calm.get("isAnomaly").asBoolean()).as(after.toString()).isFalse();
        assertThat(spike.get("score").asDouble()).as(after.toString()).isGreaterThan(calm.get("score").asDouble() + 0.1);
        assertThat(spike.get("isAnomaly").asBoolean()).as(after.toString()).isTrue();
        assertThat(spike.get("drivers")).isNotEmpty();
        // the fallback's event of the first spike was still open: the first point here, past the gap, ended it
        assertThat(after.get("events")).hasSize(2);
        assertThat(after.get("events").get(0).get("method").asText()).isEqualTo("statistical");
        assertThat(after.get("events").get(0).has("endedAt")).isTrue();
        JsonNode event = after.get("events").get(1);
        assertThat(event.get("method").asText()).isEqualTo("model");
        assertThat(event.has("endedAt")).isFalse();
        assertThat(event.get("modelId").asText()).isEqualTo(model);
        awaitStream(event.get("id").asText());

        // a point without a metric the detector was trained on: a 422 in the detector's words, nothing of Java's
        Response partial = agent.postJson("/ml/anomaly/detect", "{\"assetId\": \"db-01\", \"store\": false, \"points\": [{\"timestamp\": \""
                + u.plusSeconds(180) + "\", \"values\": {\"cpu\": 0.4}}]}");
        assertThat(partial.status()).as(partial.toString()).isEqualTo(422);
        assertThat(partial.text()).contains("cannot score point 0").doesNotContain("RowOutcome").doesNotContain("io.vigil");
    }

    private static JsonNode analystAsset() {
        return server.as(Role.ANALYST).get("/ml/assets/db-01").json();
    }

    private static void awaitJob(String job) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            JsonNode j = scientist.get("/ml/jobs/" + job).json();
            if (j.get("state").asText().equals("succeeded")) break;
            assertThat(j.get("state").asText()).as(j.toString()).isIn("queued", "running");
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(50);
        }
        Instant settled = Instant.now().plusSeconds(10);
        while (scientist.get("/ml/models?name=asset-anomaly-db-01").text().contains("\"training\"") && Instant.now().isBefore(settled)) {
            Thread.sleep(20);
        }
    }

    private static void awaitStream(String eventId) throws InterruptedException {
        stream.await("security.event for " + eventId, e -> e.path("type").asText().equals("security.event")
                && e.path("data").path("id").asText().equals(eventId), Duration.ofSeconds(10));
    }
}
