package io.vigil.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.NslKddFiles;
import io.vigil.server.testing.SharedData;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model pages in a real browser, as a data scientist uses them: a model defined in the dialog on
 * a KDDTrain+ sample (the server's own refusal shown on the field it names), trained while the
 * progress (and the search's combinations) comes live, validated, deployed; its confusion matrix and
 * feature importance drawn with their data; a prediction tried and explained. An analyst sees the
 * same models without a button to change them.
 */
class ModelsPageIT {
    static final int TRAIN_ROWS = 2_500;
    static final int VALIDATION_ROWS = 1_000;
    static TestServer server;
    static String trainId;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1"));
        List<String> lines = Files.readAllLines(SharedData.file("nsl-kdd/KDDTrain+.txt"), StandardCharsets.UTF_8);
        HttpTestClient scientist = server.as(Role.DATA_SCIENTIST);
        trainId = upload(scientist, "kdd-train", lines.subList(0, TRAIN_ROWS));
        upload(scientist, "kdd-validation", lines.subList(TRAIN_ROWS, TRAIN_ROWS + VALIDATION_ROWS));
        // a name already taken: the dialog must show the server's 409 on the name field
        HttpTestClient.Response taken = scientist.postJson("/ml/models",
                "{\"modelName\": \"kdd-taken\", \"modelType\": \"other\", \"algorithm\": \"zscore\"}");
        assertThat(taken.status()).as(taken.toString()).isEqualTo(201);
        server.as(Role.ANALYST);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String upload(HttpTestClient http, String name, List<String> lines) {
        HttpTestClient.Response r = http.upload("/ml/datasets/upload", name + ".txt", String.join("\n", lines).getBytes(StandardCharsets.UTF_8),
                Map.of("name", name, "columns", NslKddFiles.COLUMNS, "labelColumn", "label", "format", "csv"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** No serious accessibility violation, and no horizontal scrolling at the tab's width; a screenshot to look at. */
    static void accessibleAndFits(DashboardPage tab, String name) {
        assertThat(tab.accessibility()).as("serious accessibility violations of " + name).isEmpty();
        Object overflow = tab.page.evaluate("() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth");
        assertThat(((Number) overflow).intValue()).as(name + " scrolls sideways by").isLessThanOrEqualTo(0);
        tab.screenshot(name);
    }

    private static void awaitStatus(HttpTestClient http, String id, String status) {
        long until = System.nanoTime() + 120_000_000_000L;
        while (!status.equals(http.get("/ml/models/" + id).json().get("status").asText())) {
            assertThat(System.nanoTime()).as("model " + id + " " + status + " within 2 minutes").isLessThan(until);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static JsonNode series(Page page, String kind) {
        Locator chart = page.locator("[data-chart=\"" + kind + "\"][data-drawn=\"true\"]");
        assertThat(chart).hasCount(1);
        return Json.readTree(chart.getAttribute("data-series"));
    }

    @Test
    void aDataScientistDefinesTrainsValidatesDeploysAndTriesAModel() {
        DashboardPage tab = DashboardPage.signedIn(server, Role.DATA_SCIENTIST);
        Page page = tab.page;
        page.navigate("/ui/models");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Models").setExact(true))).isVisible();
        assertThat(page.locator("[data-model=\"kdd-taken\"]")).isVisible();
        accessibleAndFits(tab, "models");
        // by keyboard: the button opens the dialog on its first field, Escape closes it
        page.locator("[data-action=\"new-model\"]").focus();
        page.keyboard().press("Enter");
        assertThat(page.locator("dialog.model-dialog [name=\"modelName\"]")).isFocused();
        page.keyboard().press("Escape");
        assertThat(page.locator("dialog.model-dialog")).hasCount(0);
        assertThat(page.locator("[data-action=\"new-model\"]")).isFocused(); // back where the reader was
        page.locator("[data-action=\"new-model\"]").click();

        Locator dialog = page.locator("dialog.model-dialog");
        dialog.getByLabel("name", new Locator.GetByLabelOptions().setExact(true)).fill("kdd gbm");
        assertThat(dialog.locator("#err-modelName")).containsText("letters, digits"); // as you type, the server's rule
        dialog.getByLabel("name", new Locator.GetByLabelOptions().setExact(true)).fill("kdd-taken");
        assertThat(dialog.locator("#err-modelName")).isEmpty();
        dialog.getByLabel("detection slot (model type)").fill("intrusion");
        dialog.getByLabel("algorithm").selectOption("gbm");
        dialog.getByLabel("training dataset").selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("kdd-train (2,500 rows, 43 columns)"));
        assertThat(dialog.getByLabel("role of label")).hasValue("target"); // the dataset's label column
        dialog.getByLabel("role of num_outbound_cmds").selectOption("dropped");
        dialog.locator("#f-binarize").check();
        dialog.locator("#hp-max_depth").fill("40");
        assertThat(dialog.locator("#hp-max_depth-error")).hasText("hyperparameter 'max_depth' of gbm must be in [1, 16], got 40");
        dialog.locator("#hp-max_depth").fill("");
        dialog.locator("#hp-rounds").fill("20");
        dialog.locator("#f-search").check();
        dialog.locator("#hp-max_depth-space").fill("2, 3");
        dialog.getByLabel("folds").fill("2");
        // once the form's own checks pass, the server checks the definition as it is written (a dry run): its 409 on the name
        assertThat(dialog.locator("#err-modelName")).containsText("kdd-taken");
        assertThat(server.http().get("/ml/models?name=kdd-gbm").json().get("total").asInt()).as("a dry run stores nothing").isZero();

        assertThat(tab.accessibility()).as("the dialog's serious accessibility violations").isEmpty();
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create and train")).click();
        assertThat(dialog.locator("#err-modelName")).containsText("kdd-taken"); // the server's 409, on its field
        dialog.getByLabel("name", new Locator.GetByLabelOptions().setExact(true)).fill("kdd-gbm");
        assertThat(dialog.locator("#err-modelName")).isEmpty();
        // a number as the label: only the server knows it has too many values to be classes
        dialog.locator("#f-binarize").uncheck();
        dialog.getByLabel("role of src_bytes").selectOption("target");
        assertThat(dialog.getByLabel("role of label")).hasValue("input"); // one label at a time
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create and train")).click();
        assertThat(dialog.locator("#err-datasetId")).hasText("targetVariable 'src_bytes' is not a label");
        assertThat(dialog.locator("#err-general")).containsText("choose a label column, or define the model with binarize");
        // the model exists now: the dialog configures it
        assertThat(dialog.getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions().setLevel(2))).hasText("Configure and train kdd-gbm");
        dialog.getByLabel("role of label").selectOption("target");
        assertThat(dialog.locator("#err-datasetId")).isEmpty();
        dialog.locator("#f-binarize").check();
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save and train")).click();

        Locator progress = dialog.locator("section.training-progress");
        assertThat(progress).isVisible();
        assertThat(progress).hasAttribute("data-state", "succeeded", new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(120_000));
        assertThat(progress).hasAttribute("data-combinations", "2/2"); // the search's progress, live or (a search quicker than the stream) from its result
        assertThat(progress).containsText("Version 1 trained");
        assertThat(progress).containsText("tried 2 combinations");

        progress.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Open version 1")).click();
        page.waitForURL("**/ui/models/*/versions/1");
        JsonNode confusion = series(page, "confusion");
        JsonNode cells = confusion.get(0).get("data");
        assertThat(cells).hasSize(4); // normal and attack, actual x predicted
        long rows = 0;
        for (JsonNode cell : cells) {
            rows += cell.get("value").get(3).asLong();
        }
        String modelId = page.url().replaceAll(".*/ui/models/([^/]+)/versions/1$", "$1");
        JsonNode artifacts = server.http().get("/ml/models/" + modelId + "/artifacts?version=1").json();
        assertThat(rows).as("the hold-out rows, every one in a cell").isEqualTo(artifacts.get("evaluatedOn").get("rows").asLong())
                .isBetween(450L, 550L);
        JsonNode importance = series(page, "importance").get(0).get("data");
        assertThat(importance.size()).isBetween(1, 20);
        assertThat(page.locator("[data-panel=\"importance\"] .chart").getAttribute("aria-label"))
                .as("read aloud, largest first").startsWith("Bar chart of gain, largest first.");
        series(page, "roc");
        series(page, "pr");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Hyperparameter search"))).isVisible();
        assertThat(page.locator("[data-action=\"deploy\"]")).hasCount(0); // not validated yet
        assertThat(page.getByText("Validate this version to deploy it.")).isVisible();
        accessibleAndFits(tab, "model-version");

        page.locator("[data-action=\"validate\"]").click();
        page.getByLabel("dataset not trained on").selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("kdd-validation (1,000 rows)"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Run validation")).click();
        assertThat(page.locator(".validation[data-passed=\"true\"]")).isVisible();
        page.locator("[data-action=\"deploy\"]").click();
        assertThat(page.locator(".action-message")).containsText("now answers for intrusion");
        assertThat(page.locator("h1 .badge")).hasText("deployed");
        assertThat(page.locator("table.deployments tbody tr")).hasCount(1);
        assertThat(page.locator("table.deployments tbody tr").first()).containsText("serving");

        page.locator("[data-action=\"predict\"]").click();
        page.waitForURL("**/ui/models/*/predict?version=1");
        assertThat(page.locator(".input-grid .field")).hasCount(41); // 43 columns but the label and the one dropped
        assertThat(page.locator("[data-input=\"num_outbound_cmds\"]")).hasCount(0);
        assertThat(page.getByText("Ignored if present:")).containsText("num_outbound_cmds");
        page.locator("[data-action=\"fill-row\"]").click();
        assertThat(page.locator("[data-input=\"protocol_type\"] input")).not().isEmpty();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Predict")).click();
        assertThat(page.locator("[data-testid=\"predicted-label\"]")).hasText(java.util.regex.Pattern.compile("^(normal|attack)$"));
        JsonNode contributions = series(page, "contributions").get(0).get("data");
        assertThat(contributions.size()).isBetween(1, 10);
        assertThat(page.locator("table.probabilities tr")).hasCount(2);
        accessibleAndFits(tab, "predict");
        tab.expectNoProblems();
        tab.close();
    }

    @Test
    void anAnalystSeesModelsButNoButtonToChangeThem() {
        HttpTestClient scientist = server.as(Role.DATA_SCIENTIST);
        HttpTestClient.Response created = scientist.postJson("/ml/models",
                "{\"modelName\": \"kdd-readonly\", \"modelType\": \"readonly\", \"algorithm\": \"logistic_regression\", \"targetVariable\": \"label\","
                        + " \"binarize\": {\"negativeClass\": \"normal\"}, \"hyperparameters\": {\"rounds\": 5}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        HttpTestClient.Response job = scientist.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + trainId + "\"}");
        assertThat(job.status()).as(job.toString()).isEqualTo(202);

        awaitStatus(scientist, id, "trained");
        DashboardPage tab = DashboardPage.signedIn(server, Role.ANALYST);
        Page page = tab.page;
        page.navigate("/ui/models");
        assertThat(page.locator("[data-model=\"kdd-readonly\"]")).isVisible();
        assertThat(page.locator("[data-action=\"new-model\"]")).hasCount(0);
        page.locator("[data-model=\"kdd-readonly\"] h3 a").click();
        page.waitForURL("**/ui/models/" + id);
        assertThat(page.locator("[data-action=\"predict\"]")).isVisible(); // reading and predicting are an analyst's
        series(page, "confusion");
        for (String action : List.of("configure", "validate", "deploy", "rollback", "retire")) {
            assertThat(page.locator("[data-action=\"" + action + "\"]").count()).as(action).isZero();
        }

        // retired elsewhere while the list is open: its card says so without a reload
        page.navigate("/ui/models");
        Locator card = page.locator("[data-model=\"kdd-readonly\"]");
        assertThat(card.locator(".badge")).hasText("trained");
        assertThat(scientist.postJson("/ml/models/" + id + "/retire", "").status()).isEqualTo(200);
        assertThat(card.locator(".badge")).hasText("retired");
        tab.expectNoProblems();
        tab.close();
    }
}
