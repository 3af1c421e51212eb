package io.vigil.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The assets and security events pages in a real browser: an asset that sent two hours of CPU and
 * memory and then a CPU spike is listed as anomalous; its page draws each metric with the anomaly
 * score, the threshold and the spike marked on the CPU chart only, and lists the event the spike
 * opened; the events page lists it and shows a new one as it opens, from the stream.
 */
class AssetsPageIT {
    static TestServer server;
    static HttpTestClient agent;
    static final Instant START = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(120));
    static final Instant SPIKE = START.plus(Duration.ofMinutes(103));

    @BeforeAll
    static void start() {
        server = TestServer.start();
        agent = server.anonymous().withApiKey(server.apiKey(Role.SERVICE));
        Random random = new Random(5);
        List<String> history = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            history.add(wide(START.plus(Duration.ofMinutes(i)), 0.40 + 0.02 * random.nextGaussian(), 0.60 + 0.01 * random.nextGaussian()));
        }
        HttpTestClient.Response sent = agent.postJson("/ml/assets/ui-web-01/metrics", "[" + String.join(",", history) + "]");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        // three normal minutes, then the spike (minute 103)
        HttpTestClient.Response detected = agent.postJson("/ml/anomaly/detect", "{\"assetId\": \"ui-web-01\", \"points\": ["
                + wide(START.plus(Duration.ofMinutes(100)), 0.41, 0.60) + "," + wide(START.plus(Duration.ofMinutes(101)), 0.39, 0.61) + ","
                + wide(START.plus(Duration.ofMinutes(102)), 0.40, 0.60) + "," + wide(SPIKE, 0.96, 0.60) + "]}");
        assertThat(detected.status()).as(detected.toString()).isEqualTo(200);
        assertThat(detected.json().get("anomalies").asInt()).isEqualTo(1);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String wide(Instant at, double cpu, double memory) {
        return "{\"timestamp\": \"" + at + "\", \"values\": {\"cpu\": " + cpu + ", \"memory\": " + memory + "}}";
    }

    @Test
    void anAnalystSeesTheAnomalousAssetItsChartsAndItsEvent() {
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.ANALYST)) {
            Page page = tab.page;
            assertThat(tab.navigation()).contains("Assets", "Events");
            page.locator("header.top nav a", new Page.LocatorOptions().setHasText("Assets")).click();
            Locator row = page.locator("table.assets tr[data-asset=\"ui-web-01\"]");
            assertThat(row.locator(".badge")).hasText("anomalous");
            assertThat(row).containsText("cpu 0.96 · memory 0.6");
            assertThat(row).containsText("0.7 (default)");
            ModelsPageIT.accessibleAndFits(tab, "assets");

            row.getByRole(com.microsoft.playwright.options.AriaRole.LINK).click();
            assertThat(page).hasURL(java.util.regex.Pattern.compile("/ui/asset-monitoring/ui-web-01$"));
            assertThat(page.locator("h1 .badge")).hasText("anomalous");
            JsonNode cpu = series(page, "cpu");
            assertThat(names(cpu)).containsExactly("cpu", "anomaly score", "threshold", "anomalies");
            assertThat(cpu.get(0).get("data")).hasSize(104);
            assertThat(cpu.get(1).get("data")).hasSize(4); // the points scored
            assertThat(cpu.get(2).get("data").get(0).get(1).asDouble()).isEqualTo(0.7);
            JsonNode marked = cpu.get(3).get("data");
            assertThat(marked).hasSize(1);
            assertThat(Instant.parse(marked.get(0).get(0).asText())).isEqualTo(SPIKE);
            assertThat(marked.get(0).get(1).asDouble()).isEqualTo(0.96);
            assertThat(series(page, "memory").get(3).get("data")).as("the spike was CPU's: memory marks none").isEmpty();
            assertThat(page.locator("figure[data-metric=\"cpu\"] figcaption")).containsText("104 values");
            Locator event = page.locator("table.security-events tbody tr");
            assertThat(event).hasCount(1);
            assertThat(event).containsText("Anomaly on ui-web-01: cpu");
            assertThat(event.locator(".badge.severity-critical")).hasText("critical");
            assertThat(page.locator("#asset-threshold")).hasCount(0); // an analyst does not change thresholds
            ModelsPageIT.accessibleAndFits(tab, "asset");
            long weight = tab.compressedWeight();
            System.out.println("asset page: " + weight + " bytes of HTML, CSS and JS compressed (ECharts aside)");
            assertThat(weight).isLessThan(300 * 1024);
            tab.expectNoProblems();
        }
    }

    @Test
    void theEventsPageListsTheEventAndShowsANewOneAsItOpens() {
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.ANALYST)) {
            Page page = tab.page;
            page.navigate("/ui/events?state=ended");
            assertThat(page.locator("main")).containsText("No security event matches these filters.");
            page.selectOption("#event-state", "open");
            Locator rows = page.locator("table.security-events tbody tr");
            assertThat(rows.filter(new Locator.FilterOptions().setHasText("ui-web-01"))).hasCount(1);
            assertThat(page.locator(".live.badge")).hasText("Live");
            ModelsPageIT.accessibleAndFits(tab, "events");

            // another asset's spike, sent while the page is open, arrives from the stream
            List<String> points = new ArrayList<>();
            for (int i = 0; i < 40; i++) points.add(wide(START.plus(Duration.ofMinutes(i)), 0.2 + 0.001 * (i % 5), 0.3));
            points.add(wide(START.plus(Duration.ofMinutes(41)), 0.9, 0.3));
            HttpTestClient.Response detected = agent.postJson("/ml/anomaly/detect", "{\"assetId\": \"ui-db-02\", \"points\": ["
                    + String.join(",", points) + "]}");
            assertThat(detected.status()).as(detected.toString()).isEqualTo(200);
            assertThat(rows.filter(new Locator.FilterOptions().setHasText("Anomaly on ui-db-02: cpu"))).hasCount(1);
            assertThat(page).hasURL(java.util.regex.Pattern.compile("/ui/events\\?state=open$"));
            tab.expectNoProblems();
        }
    }

    private static JsonNode series(Page page, String metric) {
        Locator chart = page.locator("[data-chart=\"asset-metric\"][data-metric=\"" + metric + "\"][data-drawn=\"true\"]");
        assertThat(chart).hasCount(1);
        return Json.readTree(chart.getAttribute("data-series"));
    }

    private static List<String> names(JsonNode series) {
        List<String> names = new ArrayList<>();
        series.forEach(s -> names.add(s.get("name").asText()));
        return names;
    }
}
