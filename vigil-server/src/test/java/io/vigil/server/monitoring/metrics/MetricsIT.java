package io.vigil.server.monitoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.PrometheusText;
import io.vigil.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} on a real server with a deployed model: what each meter counts, checked
 * against what the test did, and that no label carries a raw id or path.
 */
class MetricsIT {
    private static final String MODEL = "metrics-gbm";
    static TestServer server;
    static String modelId;

    @BeforeAll
    static void start() throws Exception {
        // uploads: a budget of 3 a minute, 2 of them spent by the fixture; gauges refreshed every second
        server = TestServer.start(Map.of("VIGIL_METRICS_REFRESH_SECONDS", "1", "VIGIL_RATE_UPLOADS_PER_IDENTITY", "3"));
        ServingFixture fixture = new ServingFixture(server.http());
        modelId = fixture.validatedModel(MODEL, "metrics-intrusion", 1);
        fixture.deploy(modelId, 1);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theScrapeIsPrometheusTextOpenToAnyone() {
        Response r = server.anonymous().get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        PrometheusText scrape = PrometheusText.parse(r.text());
        assertThat(scrape.names()).contains("jvm_memory_used_bytes", "jvm_gc_max_data_size_bytes", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "process_cpu_usage", "system_cpu_count", "process_uptime_seconds", "process_files_open_files");
        assertThat(r.text()).contains("# TYPE vigil_http_requests_seconds histogram");
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() {
        Response r = server.anonymous().send(HttpRequest.newBuilder(URI.create(server.anonymous().base() + "/metrics"))
                .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5").GET());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/openmetrics-text; version=1.0.0");
        assertThat(r.text()).endsWith("# EOF\n");
    }

    @Test
    void predictionsAreCountedByModelVersionAndClassAndTimed() {
        PrometheusText before = scrape();
        List<Map<String, Object>> records = GeneratedFlows.features(40, 31);
        Map<String, Integer> byLabel = new HashMap<>();
        for (Map<String, Object> record : records) {
            byLabel.merge(predict(record).get("label").asText(), 1, Integer::sum);
        }
        byLabel.merge(predict(records.get(0)).get("label").asText(), 1, Integer::sum); // answered by the cache: counted too
        JsonNode batch = server.http().postJson("/ml/models/" + modelId + "/batch-predict",
                Json.write(Map.of("instances", GeneratedFlows.features(25, 32)))).json();
        for (JsonNode p : batch.get("predictions")) {
            byLabel.merge(p.get("label").asText(), 1, Integer::sum);
        }
        PrometheusText after = scrape();

        assertThat(byLabel).hasSizeGreaterThan(1);
        for (Map.Entry<String, Integer> e : byLabel.entrySet()) {
            assertThat(delta(before, after, "vigil_predictions_total", "model", MODEL, "version", "1", "class", e.getKey()))
                    .as("predictions of class " + e.getKey()).isEqualTo(e.getValue().doubleValue());
        }
        assertThat(delta(before, after, "vigil_predictions_total", "model", MODEL)).isEqualTo(40 + 1 + 25);
        assertThat(delta(before, after, "vigil_prediction_duration_seconds_count", "model", MODEL, "kind", "single")).isEqualTo(41);
        assertThat(delta(before, after, "vigil_prediction_duration_seconds_count", "model", MODEL, "kind", "batch")).isEqualTo(1);
        assertThat(delta(before, after, "vigil_prediction_duration_seconds_bucket", "model", MODEL, "kind", "single", "le", "+Inf"))
                .isEqualTo(41);
        assertThat(after.sum("vigil_prediction_duration_seconds_sum", "model", MODEL, "kind", "single")).isPositive();
    }

    @Test
    void theCacheAndThePredictionLogAreReadFromWhatServingCounts() throws Exception {
        PrometheusText before = scrape();
        List<Map<String, Object>> records = GeneratedFlows.features(10, 77);
        for (Map<String, Object> record : records) {
            predict(record);
            predict(record);
        }
        Thread.sleep(1_100); // the serving snapshot is at most a second old
        PrometheusText after = awaitScrape(s -> s.sum("vigil_prediction_log_written_total")
                >= before.sum("vigil_prediction_log_written_total") + 20);
        JsonNode stats = server.http().get("/ml/serving/stats").json();
        assertThat(delta(before, after, "vigil_prediction_cache_requests_total", "result", "hit")).isEqualTo(10);
        assertThat(delta(before, after, "vigil_prediction_cache_requests_total", "result", "miss")).isEqualTo(10);
        assertThat(after.sum("vigil_prediction_cache_entries")).isPositive();
        assertThat(after.sum("vigil_prediction_log_dropped_total")).isEqualTo(stats.at("/recording/dropped").asDouble()).isZero();
        assertThat(after.sum("vigil_prediction_log_failed_total")).isZero();
        assertThat(after.has("vigil_prediction_log_queued")).isTrue();
    }

    @Test
    void loadedVersionsAndTheirMemory() throws Exception {
        predict(GeneratedFlows.features(1, 5).get(0));
        PrometheusText scrape = awaitScrape(s -> s.sum("vigil_model_loaded_memory_bytes", "model", MODEL, "version", "1") > 0);
        JsonNode stats = server.http().get("/ml/serving/stats").json();
        assertThat(scrape.sum("vigil_models_loaded")).isEqualTo(stats.get("loadedModels").size()).isPositive();
        assertThat(scrape.sum("vigil_models_loaded_memory_bytes")).isEqualTo(stats.at("/modelMemory/usedBytes").asDouble());
        assertThat(scrape.sum("vigil_models_memory_budget_bytes")).isEqualTo(512.0 * 1024 * 1024);
    }

    @Test
    void trainingTimeAndTheJobQueue() {
        PrometheusText scrape = scrape();
        assertThat(scrape.sum("vigil_job_duration_seconds_count", "kind", "train", "state", "succeeded")).isEqualTo(1);
        assertThat(scrape.sum("vigil_job_duration_seconds_sum", "kind", "train", "state", "succeeded")).isPositive();
        assertThat(scrape.has("vigil_job_duration_seconds_count", "kind", "batch_predict", "state", "failed")).isTrue();
        for (String state : List.of("queued", "running")) {
            for (String kind : List.of("train", "batch_predict")) {
                assertThat(scrape.has("vigil_jobs", "state", state, "kind", kind)).as(state + " " + kind).isTrue();
            }
        }
    }

    @Test
    void routesAreLabelledByTemplateNeverByIdOrPath() {
        PrometheusText before = scrape();
        String unknown = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            assertThat(server.http().get("/ml/models/" + modelId).status()).isEqualTo(200);
            assertThat(server.http().get("/ml/models/" + unknown).status()).isEqualTo(404);
        }
        String noRoute = "/no/such/route-" + UUID.randomUUID();
        assertThat(server.http().get(noRoute).status()).isEqualTo(404);
        assertThat(server.http().send("BREW", "/ml/models", null, new byte[0]).status()).isGreaterThanOrEqualTo(400);
        PrometheusText after = scrape();

        String[] model200 = {"method", "GET", "route", "/ml/models/{id}", "status", "200"};
        assertThat(delta(before, after, "vigil_http_requests_seconds_count", model200)).isEqualTo(3);
        assertThat(delta(before, after, "vigil_http_requests_seconds_count", "method", "GET", "route", "/ml/models/{id}", "status", "404"))
                .isEqualTo(3);
        assertThat(after.sum("vigil_http_requests_seconds_bucket", append(model200, "le", "+Inf")))
                .isEqualTo(after.sum("vigil_http_requests_seconds_count", model200));
        assertThat(delta(before, after, "vigil_http_requests_seconds_count", "route", "unmatched", "status", "404")).isEqualTo(1);
        assertThat(after.has("vigil_http_requests_seconds_count", "method", "other", "route", "unmatched")).isTrue();
        assertThat(after.text()).doesNotContain(modelId).doesNotContain(unknown).doesNotContain("route-").doesNotContain("BREW");
    }

    @Test
    void refusalsAreCountedByReason() {
        PrometheusText before = scrape();
        assertThat(server.anonymous().get("/ml/models").status()).isEqualTo(401);
        assertThat(server.anonymous().withBearer("not-a-token-" + UUID.randomUUID()).get("/ml/models").status()).isEqualTo(401);
        assertThat(server.as(Role.SERVICE).get("/ml/models").status()).isEqualTo(403);
        int refused = 0;
        for (int i = 0; i < 10 && refused == 0; i++) { // the fixture spent two of the three uploads a minute
            Response r = server.http().upload("/ml/datasets/upload", "tiny.csv", "a,b\n1,2\n".getBytes(), Map.of());
            refused += r.status() == 429 ? 1 : 0;
        }
        assertThat(refused).isEqualTo(1);
        PrometheusText after = scrape();
        assertThat(delta(before, after, "vigil_auth_refusals_total", "reason", "missing")).isEqualTo(1);
        assertThat(delta(before, after, "vigil_auth_refusals_total", "reason", "invalid")).isEqualTo(1);
        assertThat(delta(before, after, "vigil_auth_refusals_total", "reason", "forbidden")).isEqualTo(1);
        assertThat(delta(before, after, "vigil_rate_limit_refusals_total", "group", "uploads", "side", "caller")).isEqualTo(1);
        assertThat(after.has("vigil_rate_limit_refusals_total", "group", "predictions", "side", "address")).isTrue();
        assertThat(delta(before, after, "vigil_http_requests_seconds_count", "route", "/ml/models", "status", "401")).isEqualTo(2);
    }

    private static JsonNode predict(Map<String, Object> record) {
        Response r = server.http().postJson("/ml/predict", Json.write(Map.of("modelType", "metrics-intrusion", "features", record)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static PrometheusText scrape() {
        Response r = server.anonymous().get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        return PrometheusText.parse(r.text());
    }

    private static PrometheusText awaitScrape(Predicate<PrometheusText> ready) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (true) {
            PrometheusText s = scrape();
            if (ready.test(s)) {
                return s;
            }
            assertThat(Instant.now()).as("the scrape never showed what was expected").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static String[] append(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
