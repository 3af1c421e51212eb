package io.vigil.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The security-event, incident and report pages in a real browser: two threat verdicts of a deployed
 * model and a detection posted from outside, all from one source host, are one incident; it is
 * listed, an analyst acknowledges it with a note and the activity shows it; its report draws the
 * top features the report's JSON holds; an event's page shows its verdict, explanation and raw input.
 */
class IncidentsPageIT {
    static final String SOURCE = "192.0.2.50";
    static TestServer server;
    static HttpTestClient analyst;
    static String incident;
    static String predictionEvent;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        ServingFixture fixture = new ServingFixture(server.http());
        fixture.deploy(fixture.validatedModel("ui-verdicts", "ui-flows", 1), 1);
        HttpTestClient sensor = server.anonymous().withApiKey(server.apiKey(Role.SERVICE));
        analyst = server.anonymous().withApiKey(server.apiKey(Role.ANALYST));
        for (int i = 0; i < 2; i++) {
            Map<String, Object> attack = new LinkedHashMap<>(Map.of("bytes", 40 + i, "duration", 0.01, "dst_port", 22, "proto", "tcp"));
            attack.put("src_ip", SOURCE);
            attack.put("dst_ip", "10.0.0.1");
            HttpTestClient.Response r = sensor.postJson("/ml/predict", Json.write(Map.of("modelType", "ui-flows", "features", attack)));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            predictionEvent = r.json().get("threat").get("eventId").asText();
        }
        server.detections().intake().flush();
        HttpTestClient.Response posted = sensor.postJson("/ml/events", Json.write(Map.of("events", List.of(Map.of("title",
                "ET SCAN Nmap <b>bold</b>", "score", 0.75, "sourceHost", SOURCE, "source", "suricata", "rulesFired", List.of("2000545"))))));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        incident = posted.json().get("events").get(0).get("incident").asText();
        assertThat(analyst.get("/ml/incidents/" + incident).json().get("incident").get("eventCount").asInt()).isEqualTo(3);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anAnalystAcknowledgesTheIncidentWithANoteAndReadsItsReport() {
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.ANALYST)) {
            Page page = tab.page;
            assertThat(tab.navigation()).contains("Events", "Incidents", "Search");
            page.locator("header.top nav a", new Page.LocatorOptions().setHasText("Incidents")).click();
            Locator row = page.locator("table.incidents tr[data-incident=\"" + incident + "\"]");
            assertThat(row).containsText(SOURCE);
            assertThat(row.locator("[data-status]")).hasText("open");
            assertThat(row.locator("td.num").first()).hasText("3");
            ModelsPageIT.accessibleAndFits(tab, "incidents");

            row.getByRole(AriaRole.LINK).click();
            assertThat(page).hasURL(Pattern.compile("/ui/incidents/" + incident + "$"));
            assertThat(page.locator("table.security-events tbody tr")).hasCount(3);
            assertThat(page.locator("table.security-events")).containsText("ET SCAN Nmap <b>bold</b>"); // text, never markup
            page.selectOption("#triage-status", "acknowledged");
            page.locator("#triage-note").fill("internal scanner, ticket 42");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
            assertThat(page.locator(".message.success")).containsText("Saved.");
            assertThat(page.locator("h1 [data-status]")).hasText("acknowledged");
            Locator change = page.locator("ol.activity li[data-action=\"status\"]");
            assertThat(change).containsText("open → acknowledged");
            assertThat(change).containsText("internal scanner, ticket 42");
            assertThat(change.locator("strong")).hasText(DashboardPage.username(server, Role.ANALYST));
            JsonNode stored = analyst.get("/ml/incidents/" + incident).json().get("incident");
            assertThat(stored.get("status").asText()).isEqualTo("acknowledged");

            // the report: the chart holds the top features of the report's own JSON, largest at the top
            JsonNode report = analyst.get("/ml/incidents/" + incident + "/report").json();
            JsonNode top = report.get("topFeatures");
            assertThat(top.size()).isPositive();
            Locator chart = page.locator("[data-chart=\"report-features\"][data-drawn=\"true\"]");
            assertThat(chart).hasCount(1);
            JsonNode bars = Json.readTree(chart.getAttribute("data-series")).get(0).get("data");
            assertThat(bars).hasSize(Math.min(12, top.size()));
            List<Double> drawn = new ArrayList<>();
            bars.forEach(b -> drawn.add(b.get("value").asDouble()));
            List<Double> expected = new ArrayList<>();
            top.forEach(f -> expected.add(0, f.get("meanContribution").asDouble())); // ECharts draws the first category at the bottom
            assertThat(drawn).isEqualTo(expected.subList(Math.max(0, expected.size() - 12), expected.size()));
            assertThat(page.locator("table.report-models")).containsText("ui-verdicts v1");
            assertThat(page.locator(".report-rules")).containsText("2000545 (1)");
            assertThat(page.locator("table.report-features-table tbody tr").first()).containsText(top.get(0).get("feature").asText());
            ModelsPageIT.accessibleAndFits(tab, "incident");

            com.microsoft.playwright.Download md = page.waitForDownload(() ->
                    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download Markdown")).click());
            assertThat(md.suggestedFilename()).isEqualTo("incident-report.md");
            tab.expectNoProblems();
        }
    }

    @Test
    void anEventsPageShowsTheVerdictItsFeaturesAndItsRawInput() {
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.DATA_SCIENTIST)) {
            Page page = tab.page;
            page.navigate("/ui/events?kind=prediction&entity=" + SOURCE);
            Locator rows = page.locator("table.security-events tbody tr");
            assertThat(rows).hasCount(2);
            assertThat(rows.first()).containsText("ui-flows");
            assertThat(rows.first().getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Incident"))).hasAttribute("href",
                    "/ui/incidents/" + incident);
            page.locator("#event-kind").selectOption("external");
            assertThat(rows).hasCount(1);
            assertThat(page).hasURL(Pattern.compile("/ui/events\\?kind=external&entity=" + SOURCE.replace(".", "\\.") + "$"));

            page.navigate("/ui/events/" + predictionEvent);
            JsonNode event = analyst.get("/ml/events/" + predictionEvent).json();
            assertThat(page.locator("[data-score=\"ml\"]")).hasText(number(event.get("verdict").get("mlScore").asDouble()));
            assertThat(page.locator("[data-score=\"rules\"]")).hasText("none"); // no rule set for this model type
            assertThat(page.locator("table.top-features tbody tr")).hasCount(event.get("verdict").get("topFeatures").size());
            assertThat(page.locator("table.raw-input")).containsText("dst_port");
            assertThat(page.locator("table.raw-input")).containsText(SOURCE);
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open its incident"))).hasAttribute("href",
                    "/ui/incidents/" + incident);
            // similar events: the server's own answer (less the event itself) is the oracle; the other verdict is among them
            List<String> near = new ArrayList<>();
            analyst.postJson("/ml/events/similar", "{\"eventId\": \"" + predictionEvent + "\", \"k\": 10}").json().get("hits")
                    .forEach(hit -> near.add(hit.get("event").get("id").asText()));
            near.remove(predictionEvent);
            assertThat(near).isNotEmpty();
            Locator similar = page.locator("table.event-hits tbody tr");
            assertThat(similar).hasCount(near.size());
            assertThat(similar.first()).hasAttribute("data-event", near.get(0));
            ModelsPageIT.accessibleAndFits(tab, "security-event");
            tab.expectNoProblems();
        }
    }

    /** A score as the page's format.number writes it (four significant digits, en). */
    static String number(double value) {
        return new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
