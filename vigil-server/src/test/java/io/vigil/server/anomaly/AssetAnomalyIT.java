package io.vigil.server.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.testing.EventStreamRecorder;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-asset anomaly service on a real server and PostgreSQL: an agent sends an asset's CPU
 * and memory every minute; the metrics come back with summary statistics computed here by hand;
 * a CPU spike scored by the statistical fallback (no detector is trained) is an anomaly, the
 * normal points around it are not; the run of anomalies is one security event that opens, grows
 * and ends, listed at {@code /ml/events} and pushed on {@code /ml/stream}; the infrastructure
 * service's {@code /api/v1} paths answer in its field names; bad input is a 400 naming the field.
 */
class AssetAnomalyIT {
    static TestServer server;
    static HttpTestClient agent;
    static HttpTestClient analyst;
    static EventStreamRecorder stream;
    /** The history's start: two hundred minutes ago, on the minute. */
    static final Instant START = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(200));
    static final double[] CPU = new double[200];
    static final double[] MEMORY = new double[200];

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_ASSETS_EVENT_GAP_SECONDS", "120"));
        agent = server.anonymous().withApiKey(server.apiKey(Role.SERVICE));
        analyst = server.as(Role.ANALYST);
        stream = EventStreamRecorder.listen(server, "/ml/stream");
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            CPU[i] = 0.40 + 0.02 * random.nextGaussian();
            MEMORY[i] = 0.60 + 0.01 * random.nextGaussian();
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String wide(Instant at, double cpu, double memory) {
        return "{\"timestamp\": \"" + at + "\", \"values\": {\"cpu\": " + cpu + ", \"memory\": " + memory + "}}";
    }

    @Test
    void metricsInAnomaliesOutAndOneEventPerRun() throws Exception {
        // 200 minutes of history, in two batches, the second in the long form
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 150; i++) first.add(wide(START.plus(Duration.ofMinutes(i)), CPU[i], MEMORY[i]));
        Response sent = agent.postJson("/ml/assets/web-01/metrics", "[" + String.join(",", first) + "]");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        assertThat(sent.json().get("accepted").asInt()).isEqualTo(300);
        assertThat(sent.json().get("metrics").asInt()).isEqualTo(2);
        List<String> second = new ArrayList<>();
        for (int i = 150; i < 200; i++) {
            Instant at = START.plus(Duration.ofMinutes(i));
            second.add("{\"timestamp\": " + at.getEpochSecond() + ", \"metricName\": \"cpu\", \"value\": " + CPU[i] + "}");
            second.add("{\"timestamp\": \"" + at + "\", \"metric_name\": \"memory\", \"value\": " + MEMORY[i] + "}");
        }
        assertThat(agent.postJson("/ml/assets/web-01/metrics", "{\"points\": [" + String.join(",", second) + "]}").status()).isEqualTo(201);
        // sending a point again replaces it rather than adding one
        assertThat(agent.postJson("/ml/assets/web-01/metrics", "[" + wide(START, CPU[0], MEMORY[0]) + "]").status()).isEqualTo(201);

        JsonNode metrics = analyst.get("/ml/assets/web-01/metrics?hours=24").json();
        assertThat(metrics.get("metrics")).hasSize(2);
        JsonNode cpu = metrics.get("metrics").get(0);
        assertThat(cpu.get("metric").asText()).isEqualTo("cpu");
        assertThat(cpu.get("points")).hasSize(200);
        double[] sorted = CPU.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(CPU).average().orElseThrow();
        double ss = Arrays.stream(CPU).map(v -> (v - mean) * (v - mean)).sum();
        JsonNode summary = cpu.get("summary");
        assertThat(summary.get("count").asLong()).isEqualTo(200);
        assertThat(summary.get("mean").asDouble()).isCloseTo(mean, within(1e-9));
        assertThat(summary.get("std").asDouble()).isCloseTo(Math.sqrt(ss / 199), within(1e-9));
        assertThat(summary.get("min").asDouble()).isEqualTo(sorted[0]);
        assertThat(summary.get("max").asDouble()).isEqualTo(sorted[199]);
        assertThat(summary.get("median").asDouble()).isCloseTo((sorted[99] + sorted[100]) / 2, within(1e-12));
        // p95 by linear interpolation: position 0.95 * 199 = 189.05
        assertThat(summary.get("p95").asDouble()).isCloseTo(sorted[189] + 0.05 * (sorted[190] - sorted[189]), within(1e-12));
        assertThat(analyst.get("/ml/assets/web-01/metrics?metric=memory").json().get("metrics")).hasSize(1);

        JsonNode asset = analyst.get("/ml/assets/web-01").json();
        assertThat(asset.get("state").asText()).isEqualTo("unscored");
        assertThat(asset.get("threshold").asDouble()).isEqualTo(0.7);
        assertThat(asset.get("latest").get("cpu").get("value").asDouble()).isEqualTo(CPU[199]);
        assertThat(asset.get("latest").get("cpu").get("at").asText()).isEqualTo(START.plus(Duration.ofMinutes(199)).toString());

        // detection without a detector: the statistical fallback. Minute 200 and 201 normal, 202-204 a CPU spike,
        // 205 normal (within the 2-minute gap: the event goes on), 210 normal (past it: the event ends)
        Instant t = START.plus(Duration.ofMinutes(200));
        double[] cpuNext = {0.41, 0.39, 0.95, 0.97, 0.93, 0.40, 0.40};
        int[] minute = {0, 1, 2, 3, 4, 5, 10};
        List<String> points = new ArrayList<>();
        for (int i = 0; i < cpuNext.length; i++) points.add(wide(t.plus(Duration.ofMinutes(minute[i])), cpuNext[i], 0.60));
        Response detected = agent.postJson("/ml/anomaly/detect", "{\"assetId\": \"web-01\", \"points\": [" + String.join(",", points) + "]}");
        assertThat(detected.status()).as(detected.toString()).isEqualTo(200);
        JsonNode answer = detected.json();
        assertThat(answer.get("method").asText()).isEqualTo("statistical");
        assertThat(answer.get("statistic").asText()).isEqualTo("mad");
        assertThat(answer.get("scored").asInt()).isEqualTo(7);
        assertThat(answer.get("anomalies").asInt()).isEqualTo(3);
        List<Boolean> flags = new ArrayList<>();
        answer.get("points").forEach(p -> flags.add(p.get("isAnomaly").asBoolean()));
        assertThat(flags).containsExactly(false, false, true, true, true, false, false);
        JsonNode spike = answer.get("points").get(2);
        assertThat(spike.get("score").asDouble()).isGreaterThan(0.99);
        assertThat(spike.get("drivers").get(0).get("name").asText()).isEqualTo("cpu");
        // the MAD baseline of the 202 CPU values before it (the history and this request's first two), by hand:
        // 0.95 lies (0.95 - median) / (1.4826 MAD) spreads out
        double[] before = Arrays.copyOf(CPU, 202);
        before[200] = 0.41;
        before[201] = 0.39;
        Arrays.sort(before);
        double median = (before[100] + before[101]) / 2;
        double[] dev = Arrays.stream(before).map(v -> Math.abs(v - median)).sorted().toArray();
        double spread = 1.4826 * (dev[100] + dev[101]) / 2;
        assertThat(spike.get("drivers").get(0).get("deviations").asDouble()).isCloseTo((0.95 - median) / spread, within(1e-9));
        assertThat(spike.get("drivers").get(0).get("score").asDouble())
                .isCloseTo(1 - Math.pow(0.3, (0.95 - median) / spread / 3.5), within(1e-12));
        assertThat(answer.get("points").get(0).get("score").asDouble()).isLessThan(0.7);

        // one run, one event: opened at minute 202, three points, ended by minute 210 (past the gap) at its last anomaly
        assertThat(answer.get("events")).hasSize(1);
        JsonNode event = answer.get("events").get(0);
        assertThat(event.get("kind").asText()).isEqualTo("anomaly");
        assertThat(event.get("assetId").asText()).isEqualTo("web-01");
        assertThat(event.get("points").asInt()).isEqualTo(3);
        assertThat(event.get("startedAt").asText()).isEqualTo(t.plus(Duration.ofMinutes(2)).toString());
        assertThat(event.get("endedAt").asText()).isEqualTo(t.plus(Duration.ofMinutes(4)).toString());
        assertThat(event.get("severity").asText()).isEqualTo("critical");
        assertThat(event.get("title").asText()).isEqualTo("Anomaly on web-01: cpu");
        JsonNode listed = analyst.get("/ml/events?assetId=web-01").json();
        assertThat(listed.get("total").asInt()).isEqualTo(1);
        assertThat(listed.get("items").get(0).get("id").asText()).isEqualTo(event.get("id").asText());
        assertThat(analyst.get("/ml/events/" + event.get("id").asText()).json().get("points").asInt()).isEqualTo(3);
        assertThat(analyst.get("/ml/events?state=open&assetId=web-01").json().get("total").asInt()).isZero();
        awaitStream(event.get("id").asText(), "open");
        awaitStream(event.get("id").asText(), "ended");

        // the asset's state follows its latest point; the scores are stored
        assertThat(analyst.get("/ml/assets/web-01").json().get("state").asText()).isEqualTo("normal");
        JsonNode scores = analyst.get("/ml/anomaly/scores/web-01?hours=24").json();
        assertThat(scores.get("count").asInt()).isEqualTo(7);
        assertThat(analyst.get("/ml/anomaly/scores/web-01?anomalies=true").json().get("count").asInt()).isEqualTo(3);

        // a spike that goes on: open, listed as open, the asset anomalous
        Response ongoing = agent.postJson("/ml/anomaly/detect", "{\"assetId\": \"web-01\", \"points\": ["
                + wide(t.plus(Duration.ofMinutes(20)), 0.99, 0.60) + "]}");
        assertThat(ongoing.json().get("events").get(0).has("endedAt")).isFalse();
        assertThat(analyst.get("/ml/events?state=open&assetId=web-01").json().get("total").asInt()).isEqualTo(1);
        List<String> anomalous = new ArrayList<>();
        analyst.get("/ml/assets?anomalous=true").json().get("items").forEach(a -> anomalous.add(a.get("assetId").asText()));
        assertThat(anomalous).contains("web-01");
        assertThat(analyst.get("/ml/assets/web-01").json().get("state").asText()).isEqualTo("anomalous");
    }

    @Test
    void theNoveltyStatisticIsTheEnginesStreamingDetectorOverTheStoredStream() {
        // 1,500 minutes of one metric, then a spike and calm, scored in two requests: the answers equal the engine's
        // NoveltyDetector fed the same stream, whether the server's stream state was kept or rebuilt from storage
        Instant start = START.minus(Duration.ofDays(2));
        Random random = new Random(11);
        io.vigil.engine.anomaly.NoveltyDetector reference = new io.vigil.engine.anomaly.NoveltyDetector();
        List<String> history = new ArrayList<>();
        for (int m = 0; m < 1500; m++) {
            double v = 50 + 5 * random.nextGaussian();
            history.add("{\"timestamp\": \"" + start.plus(Duration.ofMinutes(m)) + "\", \"metricName\": \"latency\", \"value\": " + v + "}");
            reference.score(start.plus(Duration.ofMinutes(m)).toEpochMilli(), v);
        }
        assertThat(agent.postJson("/ml/assets/api-3/metrics", "[" + String.join(",", history) + "]").status()).isEqualTo(201);
        double[] next = {51, 49, 400, 400, 400, 400, 400, 400}; // a level shift: the detector smooths over a few points
        List<Double> expected = new ArrayList<>();
        List<String> points = new ArrayList<>();
        for (int i = 0; i < next.length; i++) {
            Instant at = start.plus(Duration.ofMinutes(1500 + i));
            expected.add(reference.score(at.toEpochMilli(), next[i]));
            points.add("{\"timestamp\": \"" + at + "\", \"metricName\": \"latency\", \"value\": " + next[i] + "}");
        }
        JsonNode first = agent.postJson("/ml/anomaly/detect", "{\"assetId\": \"api-3\", \"statistic\": \"novelty\", \"points\": ["
                + String.join(",", points.subList(0, 4)) + "]}").json();
        JsonNode second = agent.postJson("/ml/anomaly/detect", "{\"assetId\": \"api-3\", \"statistic\": \"novelty\", \"points\": ["
                + String.join(",", points.subList(4, 8)) + "]}").json();
        assertThat(first.get("statistic").asText()).isEqualTo("novelty");
        List<Double> scores = new ArrayList<>();
        first.get("points").forEach(p -> scores.add(p.get("score").asDouble()));
        second.get("points").forEach(p -> scores.add(p.get("score").asDouble()));
        assertThat(scores).containsExactlyElementsOf(expected);
        List<Boolean> flags = new ArrayList<>();
        first.get("points").forEach(p -> flags.add(p.get("isAnomaly").asBoolean()));
        second.get("points").forEach(p -> flags.add(p.get("isAnomaly").asBoolean()));
        assertThat(flags.subList(0, 2)).containsOnly(false);
        assertThat(flags.subList(2, 8)).as("the shift is flagged, once: the detector's quiet period holds the rest").containsOnlyOnce(true);
    }

    @Test
    void theInfrastructureServicePathsAnswerInItsFieldNames() {
        Instant t = START;
        List<String> points = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            points.add("{\"timestamp\": \"" + t.plus(Duration.ofMinutes(i)) + "\", \"metric_name\": \"bandwidth\", \"value\": "
                    + (100 + i % 3) + "}");
        }
        Response stored = agent.postJson("/api/v1/metrics/edge-7", "[" + String.join(",", points) + "]");
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        assertThat(stored.json().get("asset_id").asText()).isEqualTo("edge-7");
        Response detected = agent.postJson("/api/v1/anomaly/detect", "{\"asset_id\": \"edge-7\", \"store\": false, \"metrics\": ["
                + "{\"timestamp\": \"" + t.plus(Duration.ofMinutes(31)) + "\", \"metric_name\": \"bandwidth\", \"value\": 500}]}");
        assertThat(detected.status()).as(detected.toString()).isEqualTo(200);
        JsonNode point = detected.json().get("points").get(0);
        assertThat(point.get("is_anomaly").asBoolean()).isTrue();
        assertThat(detected.json().get("asset_id").asText()).isEqualTo("edge-7");
        // store: false kept the point out of the metrics
        assertThat(analyst.get("/api/v1/metrics/edge-7").json().get("metrics").get(0).get("summary").get("count").asInt()).isEqualTo(30);
        assertThat(analyst.get("/api/v1/anomaly/scores/edge-7").json().get("scores").get(0).has("is_anomaly")).isTrue();
    }

    @Test
    void badInputIsA400NamingTheField() {
        Response noAsset = agent.postJson("/ml/anomaly/detect", "{\"points\": [{\"timestamp\": \"2026-01-01T00:00:00Z\", \"metricName\": \"cpu\", \"value\": 1}]}");
        assertThat(noAsset.status()).isEqualTo(400);
        assertThat(noAsset.contentType()).startsWith("application/problem+json");
        assertThat(noAsset.text()).contains("assetId");
        Response badPoints = agent.postJson("/ml/assets/web-02/metrics", "[{\"timestamp\": \"yesterday\", \"metricName\": \"cpu\", \"value\": 1},"
                + " {\"timestamp\": 1700000000, \"metricName\": \"cpu\", \"value\": \"high\"}, {\"timestamp\": 1700000000, \"value\": 1},"
                + " {\"timestamp\": 1700000000, \"metricName\": \"c p u\", \"value\": 1}]");
        assertThat(badPoints.status()).isEqualTo(400);
        assertThat(badPoints.text()).contains("body[0].timestamp").contains("body[1].value").contains("body[2].metricName")
                .contains("body[3].metricName");
        assertThat(analyst.get("/ml/assets/web-02").status()).isEqualTo(404); // nothing stored from a refused batch
        // an asset id stands in paths: no slash in it
        Response slash = agent.postJson("/ml/anomaly/detect", "{\"assetId\": \"rack/7\", \"points\": [{\"timestamp\": 1700000000,"
                + " \"metricName\": \"cpu\", \"value\": 1}]}");
        assertThat(slash.status()).isEqualTo(400);
        assertThat(slash.text()).contains("assetId").contains("an asset id is");
        assertThat(agent.postJson("/ml/assets/web-02/metrics", "{\"points\": []}").status()).isEqualTo(400);
        assertThat(agent.postJson("/ml/assets/web-02/metrics", "not json").status()).isEqualTo(400);
        assertThat(agent.postJson("/ml/anomaly/detect", "{\"assetId\": \"nobody\", \"hours\": 1}").status()).isEqualTo(404);
        assertThat(analyst.get("/ml/anomaly/scores/nobody").status()).isEqualTo(404);
        assertThat(analyst.get("/ml/assets/web-01/metrics?hours=-1").status()).isEqualTo(400);
        assertThat(analyst.get("/ml/events?severity=dire").status()).isEqualTo(400);
        assertThat(analyst.get("/ml/events/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(server.as(Role.DATA_SCIENTIST).send("PUT", "/ml/assets/web-01", "application/json",
                "{\"threshold\": 1.5}".getBytes()).status()).isEqualTo(400);
    }

    private static void awaitStream(String eventId, String state) throws InterruptedException {
        stream.await("security.event " + state + " for " + eventId, e -> e.path("type").asText().equals("security.event")
                && e.path("state").asText().equals(state) && e.path("data").path("id").asText().equals(eventId), Duration.ofSeconds(10));
    }
}
