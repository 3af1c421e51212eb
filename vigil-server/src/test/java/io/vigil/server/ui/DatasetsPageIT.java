package io.vigil.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PageAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.vigil.server.auth.Role;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.NslKddFiles;
import io.vigil.server.testing.SharedData;
import io.vigil.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The datasets pages in a real Chromium: KDDTrain+ uploaded through the form with its progress bar
 * and its profile drawn (column charts, class balance with its data); an upload cancelled midway;
 * the list's search, sort and pages over 1,000 datasets, and how fast it first shows them;
 * download; delete with confirmation; an analyst sees none of it; the server's 403 shown clearly.
 */
class DatasetsPageIT {
    private static final Path KDD_TRAIN = SharedData.file("nsl-kdd/KDDTrain+.txt");
    static TestServer server;

    @BeforeAll
    static void start() {
        // a changed role reaches the server's checks within a second (the 403 test)
        server = TestServer.start(Map.of("VIGIL_AUTH_CACHE_SECONDS", "1"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void kddTrainUploadedThroughTheFormShowsItsProfileAndClassBalance() {
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.DATA_SCIENTIST)) {
            Page page = tab.page;
            assertThat(page).hasURL(Pattern.compile("/ui/datasets$")); // a data scientist's first page
            fillUpload(page, "kdd-train-ui");
            long start = System.nanoTime();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload").setExact(true)).click();
            assertThat(page.getByRole(AriaRole.PROGRESSBAR, new Page.GetByRoleOptions().setName("Upload progress"))).isVisible();
            assertThat(page).hasURL(Pattern.compile("/ui/datasets/[0-9a-f-]{36}$"), new PageAssertions.HasURLOptions().setTimeout(180_000));
            System.out.println("KDDTrain+ (18.2 MiB) uploaded and profiled through the form in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");

            Locator main = tab.main();
            assertThat(main.getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions().setLevel(1))).hasText("kdd-train-ui");
            assertThat(main.locator(".glance")).containsText("125,973");
            assertThat(main.locator(".glance")).containsText("100.00 %"); // NSL-KDD has no missing value
            // one row per column, each with its small chart
            assertThat(main.locator("table.columns tbody tr")).hasCount(43);
            assertThat(main.locator("table.columns tbody svg.spark")).hasCount(43);
            Locator protocol = main.locator("table.columns tbody tr", new Locator.LocatorOptions().setHasText("protocol_type"));
            assertThat(protocol.locator("svg.spark")).hasAttribute("aria-label", Pattern.compile("tcp 8\\d\\.\\d %"));
            assertThat(protocol.locator("svg.spark rect.seg")).hasCount(3);
            Locator srcBytes = main.locator("table.columns tbody tr", new Locator.LocatorOptions().setHasText("src_bytes"));
            assertThat(srcBytes.locator("svg.spark rect")).not().hasCount(0);
            // the class balance chart is drawn, with the classes' counts as its data
            Locator balance = main.locator("#class-balance");
            assertThat(balance.locator("canvas")).not().hasCount(0);
            assertThat(balance).hasAttribute("aria-label", Pattern.compile("normal 67,343 \\(53\\.5 %\\).*neptune 41,214"));
            assertThat(main.locator(".balance-card")).containsText("23 classes");
            // the first rows
            assertThat(main.locator("table.preview-rows tbody tr")).hasCount(20);
            assertThat(main.locator(".preview .pager")).containsText("Rows 1–20 of 125,973");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Next rows →")).click();
            assertThat(main.locator(".preview .pager")).containsText("Rows 21–40 of 125,973");

            assertThat(tab.accessibility()).as("axe on the dataset page").isEmpty();
            tab.screenshot("dataset-kdd-train");
            tab.expectNoProblems();
        }
    }

    @Test
    void anUploadUnderWayCanBeCancelledAndStoresNothing() {
        long before = server.http().get("/ml/datasets?size=1").json().get("total").asLong();
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.ADMIN)) {
            Page page = tab.page;
            // a slow link (8 Mbit/s up): the 18 MiB file takes about 20 s, time enough to cancel it
            CDPSession cdp = tab.context.newCDPSession(page);
            cdp.send("Network.enable");
            JsonObject slow = new JsonObject();
            slow.addProperty("offline", false);
            slow.addProperty("latency", 0);
            slow.addProperty("downloadThroughput", -1);
            slow.addProperty("uploadThroughput", 1_000_000);
            cdp.send("Network.emulateNetworkConditions", slow);
            fillUpload(page, "kdd-train-cancelled");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload").setExact(true)).click();
            Locator progress = page.getByRole(AriaRole.PROGRESSBAR, new Page.GetByRoleOptions().setName("Upload progress"));
            page.waitForCondition(() -> Integer.parseInt(progress.getAttribute("value")) >= 10,
                    new Page.WaitForConditionOptions().setTimeout(30_000));
            assertThat(page.locator(".progress-words")).containsText("of 18.2 MiB");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel upload")).click();
            assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("cancelled")))
                    .hasText("Upload cancelled; nothing was stored.");
            assertThat(page).hasURL(Pattern.compile("/ui/datasets$"));
            page.waitForTimeout(1500); // whatever reached the server has been dropped by now
            assertThat(server.http().get("/ml/datasets?size=1").json().get("total").asLong()).isEqualTo(before);
            tab.expectNoProblems();
        }
    }

    @Test
    void theListSearchesSortsAndPagesAThousandDatasetsAndShowsThemFast() {
        String seed = upload("bulk-seed", 200, 5);
        cloneDataset(seed, 999); // bulk-0001 ... bulk-0999, the same file as a thousand uploads of it would be
        long total = server.http().get("/ml/datasets?size=1").json().get("total").asLong();
        assertThat(total).isGreaterThanOrEqualTo(1000);

        // the first render: a full load of the list, as opening it from a bookmark; the browser itself warmed up first
        try (DashboardPage warmUp = DashboardPage.open(server)) {
            assertThat(warmUp.page.getByLabel("Username")).isVisible();
        }
        for (String cache : List.of("cold", "warm")) {
            List<Double> renders = new ArrayList<>();
            for (int run = 0; run < 3; run++) {
                try (DashboardPage tab = DashboardPage.withSession(server, Role.DATA_SCIENTIST)) {
                    List<String> listed = new ArrayList<>();
                    tab.page.onRequest(r -> {
                        if (r.url().contains("/ml/datasets")) {
                            listed.add(r.url());
                        }
                    });
                    if (cache.equals("warm")) { // the files in the browser's cache, as on every visit after the first
                        tab.go("/ui/datasets");
                        assertThat(tab.page.locator("table.datasets tbody tr")).hasCount(20);
                    }
                    tab.go("/ui/datasets");
                    Object shown = tab.page.waitForFunction("() => document.querySelectorAll('table.datasets tbody tr').length === 20"
                            + " && performance.now()").jsonValue();
                    renders.add(((Number) shown).doubleValue());
                    // however many datasets there are, the page asks for one page of them, once
                    assertThat(listed).as("dataset requests of one load").hasSize(cache.equals("warm") ? 2 : 1)
                            .allMatch(u -> u.contains("size=20"));
                    if (cache.equals("warm") && run == 0) {
                        long weight = tab.compressedWeight();
                        System.out.println("datasets list page: " + weight + " bytes of HTML, CSS and JS compressed");
                        assertThat(weight).isLessThan(300 * 1024);
                    }
                }
            }
            double median = renders.stream().sorted().toList().get(1);
            System.out.printf(java.util.Locale.ROOT, "datasets list, %d datasets, %s cache: first render %.0f ms after navigation"
                    + " start (median of %s)%n", total, cache, median, renders);
            // the figure goes to BENCHMARKS.md (the goal is 1 s); on the shared 2-core machine it moves with the
            // load of others' work (0.4 s to 1.6 s), so the test holds it only to what no load explains
            assertThat(median).as("first render of the list, " + cache + " cache").isLessThan(3000);
        }

        try (DashboardPage tab = DashboardPage.signedIn(server, Role.DATA_SCIENTIST)) {
            Page page = tab.page;
            Locator rows = page.locator("table.datasets tbody tr");
            assertThat(rows).hasCount(20);
            assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("datasets")))
                    .hasText(String.format(java.util.Locale.ROOT, "%,d datasets", total));
            assertThat(page.locator(".pager")).containsText(String.format(java.util.Locale.ROOT, "Page 1 of %,d", (total + 19) / 20));

            page.getByLabel("Search by name").fill("bulk-09");
            assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("matching")))
                    .hasText("100 datasets matching “bulk-09”");
            assertThat(page).hasURL(Pattern.compile("\\?q=bulk-09$"));

            // by name, A to Z then Z to A, from the column header
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Name")).click();
            assertThat(rows.first().locator("td").first()).containsText("bulk-0900");
            assertThat(page.locator("th[aria-sort='ascending']")).containsText("Name");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Pattern.compile("^Name"))).click();
            assertThat(rows.first().locator("td").first()).containsText("bulk-0999");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Next →")).click();
            assertThat(page.locator(".pager")).containsText("Page 2 of 5");
            assertThat(rows.first().locator("td").first()).containsText("bulk-0979");
            // the address keeps it: a reload shows the same page
            page.reload();
            assertThat(rows.first().locator("td").first()).containsText("bulk-0979");
            assertThat(page.getByLabel("Search by name")).hasValue("bulk-09");

            page.getByLabel("Search by name").fill("no dataset is called this");
            assertThat(tab.main().locator(".message")).hasText("No dataset has “no dataset is called this” in its name.");
            assertThat(tab.accessibility()).as("axe on the datasets list").isEmpty();
            tab.expectNoProblems();
        }
    }

    @Test
    void aDatasetIsDownloadedAndDeletedAfterConfirmation() throws Exception {
        byte[] csv = GeneratedFlows.csv(300, 21);
        String id = upload("to-delete", csv);
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.DATA_SCIENTIST)) {
            Page page = tab.page;
            tab.go("/ui/datasets/" + id);
            assertThat(tab.main().getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions().setLevel(1))).hasText("to-delete");
            long weight = tab.compressedWeight();
            System.out.println("dataset page: " + weight + " bytes of HTML, CSS and JS compressed (ECharts aside)");
            assertThat(weight).isLessThan(300 * 1024);

            Download download = page.waitForDownload(() ->
                    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download")).click());
            assertThat(download.suggestedFilename()).isEqualTo("to-delete.csv");
            assertThat(Files.readAllBytes(download.path())).isEqualTo(csv);

            // cancelled: nothing happens
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete…")).click();
            Locator dialog = page.getByRole(AriaRole.DIALOG);
            assertThat(dialog).containsText("Delete this dataset?");
            assertThat(dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel"))).isFocused();
            assertThat(tab.accessibility()).as("axe with the confirmation open").isEmpty();
            page.keyboard().press("Escape");
            assertThat(dialog).hasCount(0);
            assertThat(server.http().get("/ml/datasets/" + id).status()).isEqualTo(200);
            // confirmed: gone, and the list is shown
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete…")).click();
            dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete dataset")).click();
            assertThat(page).hasURL(Pattern.compile("/ui/datasets$"));
            assertThat(server.http().get("/ml/datasets/" + id).status()).isEqualTo(404);
            tab.go("/ui/datasets/" + id);
            assertThat(tab.main().getByRole(AriaRole.ALERT)).containsText("Not found");
            tab.expectNoProblems();
        }
    }

    @Test
    void anAnalystSeesNoneOfIt() {
        String id = upload("not-for-analysts", 50, 3);
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.ANALYST)) {
            List<String> asked = new ArrayList<>();
            tab.page.onRequest(r -> {
                if (r.url().contains("/ml/datasets")) {
                    asked.add(r.url());
                }
            });
            assertThat(tab.navigation()).doesNotContain("Datasets");
            for (String path : List.of("/ui/datasets", "/ui/datasets/" + id)) {
                tab.go(path);
                assertThat(tab.main().getByRole(AriaRole.ALERT)).containsText("This page is not for your role (Analyst)");
                assertThat(tab.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload a dataset"))).hasCount(0);
                assertThat(tab.page.locator("input[type=file]")).hasCount(0);
            }
            assertThat(asked).as("dataset requests an analyst's dashboard made").isEmpty();
            tab.expectNoProblems();
        }
    }

    @Test
    void theServersRefusalIsShownWhenTheRoleChangedUnderAnOpenSession() {
        String username = "demoted-" + UUID.randomUUID().toString().substring(0, 8);
        String userId = server.createUser(username, Role.DATA_SCIENTIST);
        try (DashboardPage tab = DashboardPage.open(server)) {
            tab.signIn(username, TestServer.USER_PASSWORD);
            assertThat(tab.main().getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions().setName("Datasets"))).isVisible();
            // an admin makes the user an analyst; this tab still believes it is a data scientist's
            assertThat(server.http().send("PATCH", "/auth/users/" + userId, "application/json",
                    "{\"role\": \"analyst\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).status()).isEqualTo(200);
            tab.page.waitForTimeout(1500); // the server's cache of users (1 s here)
            tab.go("/ui/datasets");
            assertThat(tab.main().getByRole(AriaRole.ALERT)).containsText("Your role may not do this:",
                    new LocatorAssertions.ContainsTextOptions().setTimeout(10_000));
            tab.expectNoProblems();
        }
    }

    private static void fillUpload(Page page, String name) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload a dataset")).click();
        page.getByLabel("File", new Page.GetByLabelOptions().setExact(true)).setInputFiles(KDD_TRAIN);
        assertThat(page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true))).hasValue("KDDTrain+");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
        page.getByLabel("Label column").fill("label");
        page.getByText("File options").click();
        page.getByLabel("Format").selectOption("csv");
        page.getByLabel("Column names").fill(NslKddFiles.COLUMNS);
    }

    private static String upload(String name, int rows, long seed) {
        return upload(name, GeneratedFlows.csv(rows, seed));
    }

    private static String upload(String name, byte[] csv) {
        var r = server.http().upload("/ml/datasets/upload", name + ".csv", csv, Map.of("name", name, "labelColumn", "label"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** Copies of a dataset's row under the names bulk-0001..., each a second older than the last: a thousand datasets in a moment. */
    private static void cloneDataset(String id, int copies) {
        var config = server.config();
        java.util.Properties login = new java.util.Properties();
        login.setProperty("user", config.dbUser());
        if (config.dbPassword() != null) {
            login.setProperty("password", config.dbPassword());
        }
        Jdbi.create(config.dbUrl(), login).useHandle(h -> h.createUpdate(
                "insert into datasets (id, name, description, format, read_options, label_column, original_filename, content_type,"
                        + " blob_key, sha256, size_bytes, row_count, column_count, schema, stats, created_at)"
                        + " select gen_random_uuid(), 'bulk-' || lpad(g::text, 4, '0'), description, format, read_options, label_column,"
                        + " original_filename, content_type, blob_key, sha256, size_bytes, row_count, column_count, schema, stats,"
                        + " created_at - make_interval(secs => g) from datasets, generate_series(1, :copies) g where id = :id")
                .bind("copies", copies).bind("id", UUID.fromString(id)).execute());
    }
}
