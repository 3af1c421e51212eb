package io.vigil.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A model with versions, in a real browser: configured and trained again from its own settings,
 * two versions side by side, the slot rolled back, the model retired; and the pages on a phone.
 */
class VersionPageIT {
    static TestServer server;
    static String model;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1"));
        ServingFixture fixture = new ServingFixture(server.http());
        model = fixture.validatedModel("cmp-gbm", "cmp", 2);
        fixture.deploy(model, 1);
        fixture.deploy(model, 2);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aDataScientistRetrainsComparesRollsBackAndRetires() {
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.DATA_SCIENTIST)) {
            Page page = tab.page;
            page.navigate("/ui/models/" + model);
            assertThat(page.locator("#version-picker")).hasValue("2"); // the serving version
            assertThat(page.locator("h1 .badge")).hasText("deployed");

            // configure: the dialog starts from the model's own settings and its last training data
            page.locator("[data-action=\"configure\"]").click();
            Locator dialog = page.locator("dialog.model-dialog");
            assertThat(dialog.getByRole(AriaRole.HEADING)).hasText("Configure and train cmp-gbm");
            assertThat(dialog.locator("#hp-rounds")).hasValue("8");
            assertThat(dialog.locator("#hp-max_depth")).hasValue("3");
            assertThat(dialog.getByLabel("role of label")).hasValue("target");
            dialog.locator("#hp-rounds").fill("5");
            dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save and train")).click();
            Locator progress = dialog.locator("section.training-progress");
            assertThat(progress).hasAttribute("data-state", "succeeded", new LocatorAssertions.HasAttributeOptions().setTimeout(120_000));
            assertThat(progress).containsText("Version 3 trained");
            assertThat(server.http().get("/ml/models/" + model).json().get("hyperparameters").get("rounds").asInt()).isEqualTo(5);
            dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Close")).click();
            assertThat(dialog).hasCount(0);

            // two versions side by side
            page.navigate("/ui/models/" + model + "/versions/2");
            page.locator("#compare-with").selectOption("1");
            Locator comparison = page.locator("table.comparison");
            assertThat(comparison.locator("caption")).hasText("Versions 2 and 1 side by side");
            assertThat(comparison.locator("tr[data-metric=\"accuracy\"] td")).hasCount(2);
            assertThat(comparison.locator("tr[data-parameter=\"rounds\"] td")).hasText(new String[] {"8", "8"});
            Locator roc = page.locator("[data-chart=\"roc-compare\"][data-drawn=\"true\"]");
            assertThat(roc).hasCount(1);
            JsonNode curves = Json.readTree(roc.getAttribute("data-series"));
            assertThat(curves.get(0).get("name").asText()).isEqualTo("v2");
            assertThat(curves.get(1).get("name").asText()).isEqualTo("v1");
            assertThat(page).hasURL(java.util.regex.Pattern.compile("compare=1$")); // a link to this comparison

            // the slot back to what v2 replaced
            page.locator("[data-action=\"rollback\"]").click();
            page.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Roll back")).click();
            assertThat(page.locator(".action-message")).containsText("Rolled back: version 1 answers for cmp");
            assertThat(page.locator("table.deployments tbody tr")).hasCount(3);
            assertThat(page.locator("table.deployments tbody tr.active")).containsText("rollback");

            page.locator("[data-action=\"retire\"]").click();
            Locator confirm = page.getByRole(AriaRole.DIALOG);
            assertThat(confirm.getByRole(AriaRole.HEADING)).hasText("Retire cmp-gbm?");
            confirm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")).click();
            assertThat(page.locator("h1 .badge")).hasText("deployed"); // nothing happened
            page.locator("[data-action=\"retire\"]").click();
            page.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Retire")).click();
            assertThat(page.locator("h1 .badge")).hasText("retired");
            for (String action : new String[] {"configure", "validate", "deploy", "rollback", "retire", "predict"}) {
                assertThat(page.locator("[data-action=\"" + action + "\"]")).hasCount(0);
            }
            tab.expectNoProblems();
        }
    }

    @Test
    void aVersionReadsInTheDarkTheme() {
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.ANALYST)) {
            tab.page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(com.microsoft.playwright.options.ColorScheme.DARK));
            tab.go("/ui/models/" + model + "/versions/1");
            assertThat(tab.page.locator("[data-chart=\"confusion\"][data-drawn=\"true\"]")).hasCount(1);
            String background = (String) tab.page.evaluate("() => getComputedStyle(document.body).backgroundColor");
            assertThat(background).as("the dark theme's background").isEqualTo("rgb(18, 20, 24)");
            assertThat(tab.accessibility()).as("serious accessibility violations in the dark theme").isEmpty();
            tab.screenshot("model-version-dark");
            tab.expectNoProblems();
        }
    }

    @Test
    void theModelPagesFitAPhone() {
        try (DashboardPage tab = DashboardPage.open(server, 390, 844)) {
            tab.signIn(DashboardPage.username(server, Role.ANALYST), DashboardPage.password(Role.ANALYST));
            assertThat(tab.page.locator("header.top .username")).isAttached();
            for (String path : new String[] {"/ui/models", "/ui/models/" + model + "/versions/1", "/ui/models/" + model + "/predict?version=1"}) {
                tab.go(path);
                assertThat(tab.page.locator("main h1")).isVisible();
                // the page is whole (the models list keeps its event stream open: the network is never idle)
                tab.page.waitForFunction("() => performance.getEntriesByName('vigil:page-shown').length > 0");
                Object overflow = tab.page.evaluate("() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth");
                assertThat(((Number) overflow).intValue()).as(path + " scrolls sideways on a phone by").isLessThanOrEqualTo(0);
                long weight = tab.compressedWeight(); // a full load of the address: every file it needs, counted once
                System.out.println(path.replace(model, "{id}") + ": " + weight + " bytes of HTML, CSS and JS compressed (ECharts aside)");
                assertThat(weight).as(path).isLessThan(300 * 1024);
            }
            tab.expectNoProblems();
        }
    }
}
