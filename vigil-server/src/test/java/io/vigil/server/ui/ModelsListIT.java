package io.vigil.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.vigil.server.auth.Role;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The models list with 200 models in 8 detection slots, in a real browser: filtered by name and
 * status (kept in the address), more shown on asking; and its first render, from the
 * start of navigation (a full load of the shell, its modules and models.css) until the first page of
 * cards is on screen. The goal is under a second; the figures are printed for BENCHMARKS.md.
 */
class ModelsListIT {
    static final int MODELS = 200;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        HttpTestClient scientist = server.as(Role.DATA_SCIENTIST);
        String[] algorithms = {"gbm", "random_forest", "logistic_regression", "isolation_forest"};
        for (int i = 0; i < MODELS; i++) {
            String algorithm = algorithms[i % algorithms.length];
            HttpTestClient.Response r = scientist.postJson("/ml/models", "{\"modelName\": \"speed-" + i + "\", \"modelType\": \"slot-" + (i % 8)
                    + "\", \"algorithm\": \"" + algorithm + "\"" + (algorithm.equals("isolation_forest") ? "" : ", \"targetVariable\": \"label\"") + "}");
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void twoHundredModelsShowTheirFirstPageWithinASecond() {
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.ANALYST)) {
            Page page = tab.page;
            List<Double> times = new ArrayList<>();
            List<Double> listing = new ArrayList<>();
            for (int run = 0; run < 3; run++) { // the first run also fills the browser's cache of the immutable assets
                page.navigate("/ui/models");
                assertThat(page.locator("article.model-card")).hasCount(60);
                assertThat(page.getByText(MODELS + " models")).isVisible();
                page.waitForFunction("() => performance.getEntriesByName('vigil:page-shown').length > 0");
                times.add(((Number) page.evaluate("() => performance.getEntriesByName('vigil:page-shown').pop().startTime")).doubleValue());
                listing.add(((Number) page.evaluate("() => performance.getEntriesByType('resource')"
                        + ".find(e => e.name.includes('/ml/models?')).duration")).doubleValue());
            }
            assertThat(page.locator("section.model-group")).hasCount(8);
            System.out.printf("models list, %d models: first render %.0f ms (cold), %.0f ms and %.0f ms (cached assets);"
                    + " of which GET /ml/models %.0f, %.0f, %.0f ms%n", MODELS, times.get(0), times.get(1), times.get(2),
                    listing.get(0), listing.get(1), listing.get(2));
            // the goal is 1 s (BENCHMARKS.md has the figures); held to 3 s, as it moves with other work on the machine
            assertThat(times).allSatisfy(ms -> assertThat(ms).as("ms from navigation to the cards").isLessThan(3000));
            tab.expectNoProblems();
        }
    }

    @Test
    void theListIsFilteredByNameAndStatusAndShowsMoreOnAsking() {
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.ANALYST)) {
            Page page = tab.page;
            tab.go("/ui/models");
            assertThat(page.locator("article.model-card")).hasCount(60);
            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show more models")).click();
            assertThat(page.locator("article.model-card")).hasCount(120);

            page.getByLabel("Name").fill("speed-19");
            assertThat(page.getByText("11 models")).isVisible(); // speed-19 and speed-190 to speed-199
            assertThat(page.locator("article.model-card")).hasCount(11);
            assertThat(page).hasURL(java.util.regex.Pattern.compile("/ui/models\\?name=speed-19$")); // a link to this list
            page.getByLabel("Status").selectOption("deployed");
            assertThat(page.getByText("No model matches.")).isVisible();
            page.reload();
            assertThat(page.getByLabel("Name")).hasValue("speed-19");
            assertThat(page.getByLabel("Status")).hasValue("deployed");
            page.getByLabel("Status").selectOption("created");
            assertThat(page.locator("article.model-card")).hasCount(11);
            tab.expectNoProblems();
        }
    }
}
