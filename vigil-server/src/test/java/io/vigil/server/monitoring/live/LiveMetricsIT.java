package io.vigil.server.monitoring.live;

import static io.vigil.server.monitoring.LiveFixture.awaitRecorded;
import static io.vigil.server.monitoring.LiveFixture.deployed;
import static io.vigil.server.monitoring.LiveFixture.feedback;
import static io.vigil.server.monitoring.LiveFixture.predictBatch;
import static io.vigil.server.monitoring.LiveFixture.predictEach;
import static io.vigil.server.monitoring.LiveFixture.truth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.monitoring.LiveFixture;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.SteppingClock;
import io.vigil.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /ml/models/{id}/metrics} and {@code GET /ml/metrics} on a real server: predictions
 * and feedback sent over HTTP give the volume, latency, class and confidence figures counted, and
 * accuracy, precision, recall, F1 and ROC AUC equal to those computed here by hand from the same
 * answers; windows and their time series follow the server's clock, which the test moves on.
 */
class LiveMetricsIT {
    static final SteppingClock clock = new SteppingClock();
    static TestServer server;
    static HttpTestClient sensor;
    static HttpTestClient analyst;
    static String exactModel;
    static String windowModel;

    @BeforeAll
    static void start() throws Exception {
        server = LiveFixture.start(clock);
        ServingFixture fixture = new ServingFixture(server.http());
        exactModel = deployed(fixture, "live-exact", "live-exact");
        windowModel = deployed(fixture, "live-windows", "live-windows");
        // keys, not logins: the clock moves hours on, past any access token's life
        sensor = server.anonymous().withApiKey(server.apiKey(Role.SERVICE));
        analyst = server.anonymous().withApiKey(server.apiKey(Role.ANALYST));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode metrics(String modelId, String query) {
        Response r = analyst.get("/ml/models/" + modelId + "/metrics" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** Waits until the model's recorded predictions in the window reach {@code predictions} (the log writes in the background). */
    private static JsonNode metricsOnce(String modelId, String query, long predictions) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            JsonNode m = metrics(modelId, query);
            if (m.get("volume").get("recorded").asLong() >= predictions) {
                return m;
            }
            assertThat(Instant.now()).as("never counted: " + m.get("volume")).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void liveFiguresEqualThoseComputedByHandFromTheSameAnswers() throws Exception {
        List<Map<String, Object>> rows = GeneratedFlows.rows(300, 99);
        List<Map<String, Object>> features = GeneratedFlows.features(300, 99);
        List<JsonNode> answers = new ArrayList<>(predictEach(sensor, "live-exact", features.subList(0, 200)));
        answers.addAll(predictBatch(sensor, "live-exact", features.subList(200, 300)));
        awaitRecorded(server, answers);
        assertThat(feedback(sensor, truth(answers, rows)).get("accepted").asInt()).isEqualTo(300);

        JsonNode m = metricsOnce(exactModel, "?window=1h", 300);

        // volume, classes, confidence: counted from the answers
        assertThat(m.get("version").asInt()).isEqualTo(1);
        assertThat(m.get("deployed").asBoolean()).isTrue();
        assertThat(m.get("window").asText()).isEqualTo("1h");
        assertThat(m.get("volume").get("predictions").asLong()).isEqualTo(300);
        assertThat(m.get("volume").get("unrecorded").asLong()).isZero();
        assertThat(m.get("volume").get("requests").asLong()).as("200 single calls and one batch").isEqualTo(201);
        assertThat(m.get("volume").get("perMinute").asDouble()).isCloseTo(300 / 60.0, within(1e-9));
        Map<String, Long> classes = new HashMap<>();
        long[] confidence = new long[Histograms.CONFIDENCE_BINS];
        for (JsonNode a : answers) {
            classes.merge(a.get("label").asText(), 1L, Long::sum);
            confidence[Histograms.confidenceBin((float) a.get("confidence").asDouble())]++;
        }
        Map<String, Long> counted = new HashMap<>();
        m.get("classes").fields().forEachRemaining(e -> counted.put(e.getKey(), e.getValue().asLong()));
        assertThat(counted).isEqualTo(classes);
        for (int b = 0; b < Histograms.CONFIDENCE_BINS; b++) {
            assertThat(m.get("confidence").get(b).get("predictions").asLong()).as("confidence bin " + b).isEqualTo(confidence[b]);
        }
        JsonNode latency = m.get("latency");
        assertThat(latency.get("measured").asLong()).isEqualTo(300);
        assertThat(latency.get("p50Ms").asDouble()).isPositive().isLessThanOrEqualTo(latency.get("p95Ms").asDouble());
        assertThat(latency.get("p95Ms").asDouble()).isLessThanOrEqualTo(latency.get("p99Ms").asDouble());
        assertThat(latency.get("p99Ms").asDouble()).as("server time of a small model's prediction").isLessThan(1_000);

        // live figures: by hand, from the labels and the probabilities the answers gave (stored as floats)
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int correct = 0;
        List<Float> positives = new ArrayList<>();
        List<Float> negatives = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            boolean actual = "attack".equals(rows.get(i).get("label"));
            boolean predicted = "attack".equals(answers.get(i).get("label").asText());
            correct += actual == predicted ? 1 : 0;
            tp += actual && predicted ? 1 : 0;
            fp += !actual && predicted ? 1 : 0;
            fn += actual && !predicted ? 1 : 0;
            float score = (float) answers.get(i).get("probabilities").get("attack").asDouble();
            (actual ? positives : negatives).add(score);
        }
        double pairs = 0;
        for (float p : positives) {
            for (float n : negatives) {
                pairs += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }
        double precision = (double) tp / (tp + fp);
        double recall = (double) tp / (tp + fn);
        JsonNode live = m.get("live");
        assertThat(m.get("feedback").asLong()).isEqualTo(300);
        assertThat(live.get("evaluated").asLong()).isEqualTo(300);
        assertThat(live.get("reason").isNull()).isTrue();
        assertThat(live.get("positiveClass").asText()).isEqualTo("attack");
        assertThat(live.get("accuracy").asDouble()).isCloseTo(correct / 300.0, within(1e-12));
        assertThat(live.get("precision").asDouble()).isCloseTo(precision, within(1e-12));
        assertThat(live.get("recall").asDouble()).isCloseTo(recall, within(1e-12));
        assertThat(live.get("f1").asDouble()).isCloseTo(2 * precision * recall / (precision + recall), within(1e-12));
        assertThat(live.get("rocAuc").asDouble()).isCloseTo(pairs / (positives.size() * (double) negatives.size()), within(1e-12));
        assertThat(live.get("perClass")).hasSize(2);
        assertThat(live.get("macro").get("f1").asDouble()).isBetween(0.0, 1.0);
        assertThat(live.get("attackVsNormal").isNull()).as("two classes: the figures are already attack against normal").isTrue();
        assertThat(m.get("validation").get("training").get("accuracy").asDouble()).isBetween(0.5, 1.0);
        assertThat(m.get("validation").get("validation").get("accuracy").asDouble()).isBetween(0.5, 1.0);

        // the time series: one point a minute, every prediction and feedback row in one of them
        JsonNode series = m.get("series");
        assertThat(series.get("bucket").asText()).isEqualTo("1m");
        assertThat(series.get("points")).hasSize(60);
        long predictions = 0;
        long feedbackRows = 0;
        double right = 0;
        for (JsonNode point : series.get("points")) {
            predictions += point.get("predictions").asLong();
            feedbackRows += point.get("feedback").asLong();
            if (point.get("feedback").asLong() > 0) {
                right += point.get("accuracy").asDouble() * point.get("feedback").asLong();
                assertThat(point.get("latencyP99Ms").isNull()).isFalse();
            } else {
                assertThat(point.get("accuracy").isNull()).as("no feedback: no accuracy, not 0").isTrue();
            }
        }
        assertThat(predictions).isEqualTo(300);
        assertThat(feedbackRows).isEqualTo(300);
        assertThat(right).isCloseTo(correct, within(1e-6));

        // the figure a gauge reads (vigil_live_accuracy{model}): the deployed version's last 24 hours
        org.jdbi.v3.core.Jdbi db = io.vigil.server.monitoring.LiveFixture.database(server);
        PredictionMinutes minutes = new PredictionMinutes(db);
        LiveMetrics gauge = new LiveMetrics(minutes, new io.vigil.server.monitoring.feedback.FeedbackRepository(db), null,
                new io.vigil.server.models.ModelRepository(db), new MinuteAggregator(minutes, clock), clock);
        assertThat(gauge.accuracy(java.util.UUID.fromString(exactModel)).getAsDouble()).isCloseTo(correct / 300.0, within(1e-12));
        assertThat(gauge.accuracy(java.util.UUID.randomUUID())).as("no such model").isEmpty();

        // every deployed model's summary
        Response all = analyst.get("/ml/metrics?window=1h");
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        all.json().get("models").forEach(model -> ids.add(model.get("modelId").asText()));
        assertThat(ids).contains(exactModel, windowModel);
        for (JsonNode model : all.json().get("models")) {
            if (model.get("modelId").asText().equals(exactModel)) {
                assertThat(model.get("live").get("accuracy").asDouble()).isEqualTo(live.get("accuracy").asDouble());
            }
        }
    }

    @Test
    void windowsFollowTheClockAndAFigureWithNothingToMeasureIsNullWithItsReason() throws Exception {
        List<Map<String, Object>> features = GeneratedFlows.features(30, 5);
        List<Map<String, Object>> rows = GeneratedFlows.rows(30, 5);
        List<JsonNode> early = predictEach(sensor, "live-windows", features.subList(0, 20));
        awaitRecorded(server, early);
        feedback(sensor, truth(early, rows));
        metricsOnce(windowModel, "?window=1h", 20); // counted before the clock moves

        clock.advance(Duration.ofHours(2));
        awaitRecorded(server, predictEach(sensor, "live-windows", features.subList(20, 30)));

        JsonNode hour = metricsOnce(windowModel, "?window=1h", 10);
        assertThat(hour.get("volume").get("predictions").asLong()).isEqualTo(10);
        assertThat(hour.get("feedback").asLong()).isZero();
        assertThat(hour.get("live").get("accuracy").isNull()).isTrue();
        assertThat(hour.get("live").get("reason").asText()).contains("no feedback");
        assertThat(hour.get("live").get("rocAuc").isNull()).isTrue();

        JsonNode day = metrics(windowModel, "?window=24h");
        assertThat(day.get("volume").get("predictions").asLong()).isEqualTo(30);
        assertThat(day.get("feedback").asLong()).isEqualTo(20);
        assertThat(day.get("live").get("accuracy").isNull()).isFalse();
        JsonNode points = day.get("series").get("points");
        assertThat(day.get("series").get("bucket").asText()).isEqualTo("15m");
        assertThat(points.size()).isBetween(96, 97);
        long sum = 0;
        for (int i = 0; i < points.size(); i++) {
            sum += points.get(i).get("predictions").asLong();
            if (i > 0) {
                assertThat(Duration.between(Instant.parse(points.get(i - 1).get("at").asText()), Instant.parse(points.get(i).get("at").asText())))
                        .isEqualTo(Duration.ofMinutes(15));
            }
        }
        assertThat(sum).isEqualTo(30);
        assertThat(metrics(windowModel, "?window=15m").get("volume").get("predictions").asLong()).isEqualTo(10);
        assertThat(metrics(windowModel, "?window=7d").get("series").get("bucket").asText()).isEqualTo("1h");
        assertThat(metrics(windowModel, "").get("window").asText()).as("the default").isEqualTo("1h");
    }

    @Test
    void aBadWindowOrVersionIsRefusedInTheCallersTerms() {
        for (String bad : List.of("2w", "0m", "31d", "soon")) {
            Response r = analyst.get("/ml/models/" + windowModel + "/metrics?window=" + bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("window");
            assertThat(r.json().get("detail").asText()).contains("15m, 1h, 24h or 7d");
        }
        assertThat(analyst.get("/ml/metrics?window=1y").status()).isEqualTo(400);
        Response noVersion = analyst.get("/ml/models/" + windowModel + "/metrics?version=9");
        assertThat(noVersion.status()).isEqualTo(404);
        assertThat(analyst.get("/ml/models/" + windowModel + "/metrics?version=zero").status()).isEqualTo(400);
        assertThat(analyst.get("/ml/models/" + java.util.UUID.randomUUID() + "/metrics").status()).isEqualTo(404);
        assertThat(sensor.get("/ml/models/" + windowModel + "/metrics").status()).as("a service only predicts").isEqualTo(403);
    }
}
