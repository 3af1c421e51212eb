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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The search page in a real browser: detections of three different kinds are posted; a search in
 * words finds the SSH brute force first, shows the filters the server read from the words as chips,
 * and links each hit to its event's page. The server's own answer to the same query is the oracle.
 */
class SearchPageIT {
    static final String QUERY = "ssh brute force password guessing in the last 6 hours";
    static TestServer server;
    static HttpTestClient analyst;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        analyst = server.anonymous().withApiKey(server.apiKey(Role.ANALYST));
        HttpTestClient sensor = server.anonymous().withApiKey(server.apiKey(Role.SERVICE));
        HttpTestClient.Response posted = sensor.postJson("/ml/events", Json.write(Map.of("events", List.of(
                Map.of("title", "SSH brute force: 400 failed password logins", "score", 0.9, "sourceHost", "203.0.113.9",
                        "destinationHost", "10.0.0.5", "source", "zeek", "rulesFired", List.of("ssh-brute-force")),
                Map.of("title", "DNS tunnelling: long TXT queries to one domain", "score", 0.8, "sourceHost", "10.0.0.23",
                        "source", "zeek", "rulesFired", List.of("dns-tunnel")),
                Map.of("title", "Outbound beacon every 60 seconds", "score", 0.7, "sourceHost", "10.0.0.41", "source", "suricata",
                        "rulesFired", List.of("beacon-60s"))))));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        long until = System.nanoTime() + 60_000_000_000L;
        // the events are stored, indexed and embedded off the request path: wait until they are found, every one embedded
        for (JsonNode found = search(QUERY); found.path("pendingEmbeddings").asLong(1) > 0 || found.path("hits").isEmpty();
             found = search(QUERY)) {
            assertThat(System.nanoTime()).as("the events embedded within a minute").isLessThan(until);
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode search(String q) {
        HttpTestClient.Response r = analyst.get("/ml/events/search?k=10&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @Test
    void aSearchInWordsShowsTheFiltersItReadAndTheEventsItFound() {
        JsonNode expected = search(QUERY);
        assertThat(expected.get("hits").get(0).get("event").get("title").asText()).startsWith("SSH brute force");
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.ANALYST)) {
            Page page = tab.page;
            assertThat(tab.navigation()).contains("Search");
            page.locator("header.top nav a", new Page.LocatorOptions().setHasText("Search")).click();
            page.locator("#search-words").fill(QUERY);
            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search").setExact(true))
                    .click();

            Locator rows = page.locator("table.event-hits tbody tr");
            assertThat(rows).hasCount(expected.get("hits").size());
            assertThat(rows.first()).containsText("SSH brute force");
            Locator chips = page.locator("ul.chips li.chip");
            assertThat(chips).hasCount(expected.get("readFilters").size());
            for (JsonNode f : expected.get("readFilters")) {
                assertThat(page.locator("li.chip[data-filter=\"" + f.get("filter").asText() + "\"]")).containsText(f.get("words").asText());
            }
            assertThat(page).hasURL(Pattern.compile("/ui/search\\?q=ssh"));
            ModelsPageIT.accessibleAndFits(tab, "search");

            rows.first().getByRole(com.microsoft.playwright.options.AriaRole.LINK).first().click();
            assertThat(page).hasURL(Pattern.compile("/ui/events/" + expected.get("hits").get(0).get("event").get("id").asText() + "$"));
            assertThat(page.locator("h1")).containsText("SSH brute force");
            tab.expectNoProblems();
        }
    }
}
