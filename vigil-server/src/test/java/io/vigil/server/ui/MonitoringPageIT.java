package io.vigil.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.monitoring.LiveFixture;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The serving and monitoring page in a real browser: a deployed model's traffic, health and live
 * accuracy chart, and a threat alert that fired from its predictions, acknowledged and resolved by
 * an analyst (whose role may).
 */
class MonitoringPageIT {
    static TestServer server;
    static String model;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1", "VIGIL_ALERTS_EVALUATE_EVERY_SECONDS", "1",
                "VIGIL_SERVING_RECORD_RATE", "10000000", "VIGIL_SERVING_RECORD_QUEUE", "1000000"));
        model = LiveFixture.deployed(new ServingFixture(server.http()), "watch-gbm", "watch");
        HttpTestClient scientist = server.as(Role.DATA_SCIENTIST);
        HttpTestClient.Response rule = scientist.postJson("/ml/alerts/rules", "{\"name\": \"watch-threats\", \"kind\": \"threat_prediction\","
                + " \"modelId\": \"" + model + "\", \"threshold\": 0.5, \"severity\": \"critical\"}");
        assertThat(rule.status()).as(rule.toString()).isEqualTo(201);
        HttpTestClient sensor = server.anonymous().withApiKey(server.apiKey(Role.SERVICE));
        // the threat watch learns its rules every few seconds: predict attacks until the alert is there
        long until = System.nanoTime() + 60_000_000_000L;
        while (server.as(Role.ANALYST).get("/ml/alerts?state=open&modelId=" + model).json().get("total").asLong() == 0) {
            assertThat(System.nanoTime()).as("an alert within a minute").isLessThan(until);
            List<Map<String, Object>> flows = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                flows.add(Map.of("bytes", i % 190, "duration", 0.01, "dst_port", 22, "proto", "tcp"));
            }
            HttpTestClient.Response r = sensor.postJson("/ml/predict", Json.write(Map.of("modelType", "watch", "instances", flows)));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            Thread.sleep(500);
        }
        // true labels for a batch: live accuracy has a figure to draw
        List<Map<String, Object>> flows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            flows.add(Map.of("bytes", 100 + i * 37, "duration", 0.5 + i, "dst_port", i % 2 == 0 ? 443 : 22, "proto", "tcp"));
        }
        List<JsonNode> answers = LiveFixture.predictBatch(sensor, "watch", flows);
        LiveFixture.awaitRecorded(server, answers);
        List<Map<String, Object>> truth = new ArrayList<>();
        answers.forEach(a -> truth.add(LiveFixture.item(a, a.get("label").asText())));
        assertThat(LiveFixture.feedback(sensor, truth).get("accepted").asInt()).isEqualTo(40);
        LiveFixture.await("live accuracy", () -> server.http().get("/ml/models/" + model + "/metrics?window=1h").json(),
                m -> m.get("live").get("accuracy").isNumber(), java.time.Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anAnalystSeesServingHealthAndAnAlertAndAcknowledgesThenResolvesIt() {
        DashboardPage tab = DashboardPage.signedIn(server, Role.ANALYST);
        Page page = tab.page;
        page.navigate("/ui/monitoring");

        assertThat(page.locator("[data-figure=\"loaded\"]")).hasText("1"); // the deployed version answered, so it is in memory
        assertThat(page.locator("table[data-table=\"traffic\"] tbody tr")).containsText("watch-gbm");
        Locator watch = page.locator("section.model-watch[data-model=\"watch-gbm\"]");
        assertThat(watch.locator(".health")).hasAttribute("data-health", java.util.regex.Pattern.compile("healthy|degraded|failing"));
        assertThat(watch.locator("tr[data-check=\"loaded\"]")).containsText("yes");
        Locator accuracy = watch.locator("[data-chart=\"accuracy\"][data-drawn=\"true\"]");
        assertThat(accuracy).hasCount(1);
        JsonNode series = Json.readTree(accuracy.getAttribute("data-series"));
        assertThat(series.get(1).get("name").asText()).isEqualTo("predictions");
        long predicted = 0;
        for (JsonNode point : series.get(1).get("data")) {
            predicted += point.get(1).asLong();
        }
        assertThat(predicted).as("the predictions over the window, drawn").isGreaterThanOrEqualTo(90);
        assertThat(series.get(0).get("name").asText()).isEqualTo("accuracy");
        List<Double> accuracies = new ArrayList<>();
        series.get(0).get("data").forEach(point -> {
            if (point.get(1).isNumber()) {
                accuracies.add(point.get(1).asDouble());
            }
        });
        assertThat(accuracies).as("live accuracy over time, from the labels sent").containsOnly(1.0);
        assertThat(watch.locator("[data-panel=\"accuracy\"] figcaption")).containsText("Accuracy from 40 labelled predictions: 1.0000");
        assertThat(watch.locator(".drift")).containsText("inputs drifted");

        ModelsPageIT.accessibleAndFits(tab, "monitoring");
        long weight = tab.compressedWeight();
        System.out.println("monitoring page: " + weight + " bytes of HTML, CSS and JS compressed (ECharts aside)");
        assertThat(weight).isLessThan(300 * 1024);
        Locator alert = page.locator("table.alerts tr[data-state=\"firing\"]");
        assertThat(alert).hasCount(1);
        assertThat(alert).containsText("watch-threats");
        assertThat(alert).containsText("critical");
        alert.locator("[data-action=\"acknowledge\"]").click();
        Locator acknowledged = page.locator("table.alerts tr[data-state=\"acknowledged\"]");
        assertThat(acknowledged).containsText("acknowledged by test-analyst");
        assertThat(acknowledged.locator("[data-action=\"acknowledge\"]")).hasCount(0);
        JsonNode stored = server.http().get("/ml/alerts?state=acknowledged&modelId=" + model).json();
        assertThat(stored.get("total").asLong()).isEqualTo(1);

        acknowledged.locator("[data-action=\"resolve\"]").click();
        assertThat(page.locator("[data-empty=\"alerts\"]")).hasText("No open alert.");
        assertThat(page.locator(".alerts-panel details summary")).containsText("Recently resolved");
        tab.expectNoProblems();
        tab.close();
    }
}
