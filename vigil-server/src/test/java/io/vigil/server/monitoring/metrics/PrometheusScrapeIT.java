package io.vigil.server.monitoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.PrometheusText;
import io.vigil.server.testing.TestServer;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian's {@code prometheus} package: {@code /usr/bin/prometheus} and
 * {@code promtool}) scrapes a running Vigil every second and answers, through its own query API,
 * the prediction counter with the number of predictions made; it loads {@code deploy/prometheus/alerts.yml}
 * and evaluates every rule; {@code promtool} checks and unit-tests the rules; every query of
 * {@code deploy/grafana/vigil.json} runs in it and names a metric Vigil publishes (or one of the
 * four the other parts of monitoring will publish). Prometheus is started once for this class.
 *
 * <p>Without the binaries the tests that need them are skipped, naming the package; with
 * {@code VIGIL_TEST_REQUIRE_PROMETHEUS=true} (set by {@code .ci/run}) they fail instead: CI never skips them.
 */
class PrometheusScrapeIT {
    private static final String MODEL = "scrape-gbm";
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path ALERTS = REPO.resolve("deploy/prometheus/alerts.yml");
    private static final Path ALERT_TESTS = REPO.resolve("deploy/prometheus/alerts.test.yml");
    private static final Path DASHBOARD = REPO.resolve("deploy/grafana/vigil.json");
    /** What the drift, feedback and alerting parts will publish (VigilMetrics' planned names, as Prometheus writes them). */
    static final Set<String> PLANNED = Set.of(prometheusName(VigilMetrics.DRIFT_SHARE), prometheusName(VigilMetrics.DRIFT_SCORE),
            prometheusName(VigilMetrics.LIVE_ACCURACY), prometheusName(VigilMetrics.ALERTS_FIRED) + "_total",
            prometheusName(VigilMetrics.ALERTS_RAISED) + "_total");
    private static final Pattern METRIC = Pattern.compile("\\b((?:vigil|jvm|process|system)_[a-z0-9_]+)");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static TestServer server;
    static String modelId;
    static Path work;
    static Process prometheus;
    static String prometheusUrl;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_METRICS_REFRESH_SECONDS", "1")); // the loaded versions' gauge within a second
        ServingFixture fixture = new ServingFixture(server.http());
        modelId = fixture.validatedModel(MODEL, "scrape-intrusion", 1);
        fixture.deploy(modelId, 1);
        Path binary = binary("prometheus");
        if (binary != null) {
            startPrometheus(binary);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        server.close();
    }

    @Test
    void prometheusReadsThePredictionCounterBack() throws Exception {
        requirePrometheus();
        double before = PrometheusText.parse(server.anonymous().get("/metrics").text())
                .sum("vigil_predictions_total", "model", MODEL, "version", "1");
        int predictions = 25;
        for (Map<String, Object> record : GeneratedFlows.features(predictions, 3)) {
            Response r = server.http().postJson("/ml/predict", Json.write(Map.of("modelType", "scrape-intrusion", "features", record)));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        String query = "sum(vigil_predictions_total{job=\"vigil\",model=\"" + MODEL + "\",version=\"1\"})";
        Instant deadline = Instant.now().plusSeconds(30);
        double seen = -1;
        while (Instant.now().isBefore(deadline)) {
            JsonNode result = query(query).at("/data/result");
            seen = result.isEmpty() ? -1 : result.get(0).at("/value/1").asDouble();
            if (seen == before + predictions) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(seen).as("Prometheus' answer to " + query).isEqualTo(before + predictions);
        assertThat(query("up{job=\"vigil\"}").at("/data/result/0/value/1").asText()).isEqualTo("1");
        // a histogram Prometheus can take a quantile of
        JsonNode p99 = query("histogram_quantile(0.99, sum by (le) (vigil_prediction_duration_seconds_bucket{model=\"" + MODEL + "\"}))");
        assertThat(p99.at("/data/result/0/value/1").asDouble()).isPositive();
    }

    @Test
    void theAlertRulesLoadAndEvaluateInPrometheus() throws Exception {
        requirePrometheus();
        Instant deadline = Instant.now().plusSeconds(30);
        List<String> notOk;
        do {
            JsonNode groups = get(prometheusUrl + "/api/v1/rules").at("/data/groups");
            notOk = new ArrayList<>();
            int rules = 0;
            for (JsonNode group : groups) {
                for (JsonNode rule : group.get("rules")) {
                    rules++;
                    if (!"ok".equals(rule.path("health").asText())) {
                        notOk.add(rule.get("name").asText() + ": " + rule.path("health").asText() + " " + rule.path("lastError").asText());
                    }
                }
            }
            assertThat(rules).as("rules Prometheus loaded from alerts.yml").isEqualTo(10);
            if (notOk.isEmpty()) {
                return;
            }
            Thread.sleep(250);
        } while (Instant.now().isBefore(deadline));
        fail("alert rules that did not evaluate: " + notOk);
    }

    @Test
    void promtoolChecksAndUnitTestsTheAlertRules() throws Exception {
        Path promtool = binary("promtool");
        requireBinary(promtool, "promtool");
        assertThat(run(promtool.toString(), "check", "rules", ALERTS.toString())).contains("SUCCESS: 10 rules found");
        assertThat(run(promtool.toString(), "test", "rules", ALERT_TESTS.toString())).contains("SUCCESS");
    }

    @Test
    void theDashboardAndTheRulesNameOnlyMetricsVigilPublishes() throws Exception {
        // predictions and a refusal made, so every family of meters has its series
        server.http().postJson("/ml/predict", Json.write(Map.of("modelType", "scrape-intrusion", "features",
                GeneratedFlows.features(1, 9).get(0))));
        server.anonymous().get("/ml/models");
        System.gc(); // the GC pause timer has its series from the first collection the JVM reports; a short run may have had none
        Set<String> published = PrometheusText.parse(server.anonymous().get("/metrics").text()).names();
        for (Instant deadline = Instant.now().plusSeconds(10); !(published.contains("vigil_model_loaded_memory_bytes")
                && published.contains("jvm_gc_pause_seconds_sum")) && Instant.now().isBefore(deadline); Thread.sleep(100)) { // rewritten at the next refresh
            published = PrometheusText.parse(server.anonymous().get("/metrics").text()).names();
        }

        List<String> expressions = dashboardExpressions();
        assertThat(expressions).hasSizeGreaterThan(20);
        Set<String> named = new TreeSet<>();
        for (String expr : expressions) {
            Set<String> names = metricNames(expr);
            assertThat(names).as("a metric in " + expr).isNotEmpty();
            named.addAll(names);
        }
        for (String rule : Files.readAllLines(ALERTS)) {
            named.addAll(metricNames(rule.strip().startsWith("#") ? "" : rule));
        }
        Set<String> unknown = new TreeSet<>(named);
        unknown.removeAll(published);
        unknown.removeAll(PLANNED);
        assertThat(unknown).as("names in the dashboard and the rules that Vigil does not publish").isEmpty();
        assertThat(named).as("the dashboard shows the planned drift, accuracy and alert meters").containsAll(PLANNED);
    }

    @Test
    void everyDashboardQueryRunsInPrometheus() throws Exception {
        requirePrometheus();
        List<String> failed = new ArrayList<>();
        for (String expr : dashboardExpressions()) {
            String runnable = expr.replace("$__rate_interval", "1m").replace("$instance", ".*").replace("$model", ".*");
            JsonNode answer = query(runnable);
            if (!"success".equals(answer.path("status").asText())) {
                failed.add(expr + " -> " + answer);
            }
        }
        assertThat(failed).isEmpty();
    }

    /** Every {@code expr} of the dashboard's panels. */
    private static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = Json.MAPPER.readTree(DASHBOARD.toFile());
        assertThat(dashboard.get("title").asText()).isEqualTo("Vigil");
        List<String> out = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.add(target.get("expr").asText());
            }
        }
        return out;
    }

    private static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static String prometheusName(String dotted) {
        return dotted.replace('.', '_');
    }

    private static void startPrometheus(Path binary) throws Exception {
        work = Files.createTempDirectory("vigil-prometheus-");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Files.writeString(work.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: vigil
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(ALERTS, server.port()));
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + work.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        prometheusUrl = "http://127.0.0.1:" + port;
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            if (!prometheus.isAlive()) {
                fail("prometheus exited " + prometheus.exitValue() + ": " + Files.readString(work.resolve("prometheus.log")));
            }
            try {
                if (CLIENT.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (Instant.now().isAfter(deadline)) {
                fail("prometheus not ready in 30 s: " + Files.readString(work.resolve("prometheus.log")));
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode query(String promql) throws Exception {
        return get(prometheusUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body());
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out;
    }

    private static void requirePrometheus() {
        requireBinary(binary("prometheus"), "prometheus");
    }

    /** Skips, naming the package, when {@code binary} is missing; fails instead where CI requires it. */
    private static void requireBinary(Path binary, String name) {
        if (binary != null) {
            return;
        }
        String message = name + " is not installed: install Debian's 'prometheus' package (apt-get install prometheus),"
                + " which brings /usr/bin/prometheus and /usr/bin/promtool";
        if ("true".equals(System.getenv("VIGIL_TEST_REQUIRE_PROMETHEUS"))) {
            fail(message + " (VIGIL_TEST_REQUIRE_PROMETHEUS is set: this test may not be skipped)");
        }
        Assumptions.abort(message);
    }

    /** {@code name} on the PATH, or null. */
    private static Path binary(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
