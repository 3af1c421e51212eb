package io.vigil.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.vigil.server.auth.Role;
import io.vigil.server.testing.NslKddFiles;
import io.vigil.server.testing.TestServer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jobs page in a real Chromium against a server with one job worker: two slow trainings, one
 * running and one queued, seen live from the event stream (a new job, its progress, its end);
 * the queued one given a higher priority and cancelled, the running one's log read and the job
 * cancelled; an analyst sees the queue but no control; a dropped stream comes back by itself.
 */
class JobsPageIT {
    private static final LocatorAssertions.ContainsTextOptions SOON = new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);
    static TestServer server;
    static String datasetId;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1")); // a second job waits in the queue
        datasetId = NslKddFiles.upload(server.http(), "KDDTrain+_20Percent.txt", "kdd-train-20");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theQueueIsLiveAndItsJobsAreReprioritisedReadAndCancelled() {
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.DATA_SCIENTIST)) {
            Page page = tab.page;
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Jobs").setExact(true)).click();
            assertThat(page.locator(".live")).hasText("Live");

            // queued after the page was drawn: they come in through the event stream
            String running = slowTraining("jobs-ui-a");
            awaitRunning(running);
            String queued = slowTraining("jobs-ui-b");
            Locator runningRow = row(page, running);
            Locator queuedRow = row(page, queued);
            assertThat(runningRow.locator(".badge")).hasText("running", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
            assertThat(queuedRow.locator(".badge")).hasText("queued", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
            // progress moves without a reload: the round counts up
            assertThat(runningRow.locator(".progress-cell")).containsText("round", SOON);
            String before = runningRow.locator(".progress-cell").textContent();
            page.waitForCondition(() -> !before.equals(runningRow.locator(".progress-cell").textContent()),
                    new Page.WaitForConditionOptions().setTimeout(30_000));
            assertThat(runningRow.locator("progress")).hasAttribute("value", Pattern.compile("0\\.\\d+"));

            // the queued job first: a higher priority, then cancelled
            queuedRow.getByRole(AriaRole.SPINBUTTON).fill("50");
            queuedRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Set")).click();
            assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("priority")))
                    .hasText("Job " + queued.substring(0, 8) + " now has priority 50.");
            assertThat(server.http().get("/ml/jobs/" + queued).json().get("priority").asInt()).isEqualTo(50);
            cancel(page, queuedRow);
            assertThat(queuedRow.locator(".badge")).hasText("cancelled");
            assertThat(server.http().get("/ml/jobs/" + queued).json().get("state").asText()).isEqualTo("cancelled");

            // the running job's log, as it is written
            runningRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(Pattern.compile("Log$"))).click();
            Locator log = page.locator("section.job-log");
            assertThat(log.getByRole(AriaRole.HEADING)).hasText("Log of train job " + running.substring(0, 8));
            assertThat(log.locator("li.log-line").first()).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
            assertThat(page).hasURL(Pattern.compile("\\?job=" + running + "$"));
            assertThat(tab.accessibility()).as("axe on the jobs page with a log open").isEmpty();
            tab.screenshot("jobs");

            cancel(page, runningRow);
            assertThat(runningRow.locator(".badge")).hasText("cancelled", new LocatorAssertions.HasTextOptions().setTimeout(15_000));
            assertThat(log).containsText("The job is cancelled.");
            assertThat(runningRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(Pattern.compile("Cancel")))).hasCount(0);

            // only the cancelled ones
            page.getByLabel("State").selectOption("cancelled");
            assertThat(page).hasURL(Pattern.compile("state=cancelled"));
            assertThat(page.locator(".results[aria-busy]")).hasCount(0);
            assertThat(page.locator("table.jobs tbody .badge").allTextContents()).hasSizeGreaterThanOrEqualTo(2).containsOnly("cancelled");
            assertThat(row(page, running)).isVisible();
            tab.expectNoProblems();

            tab.go("/ui/jobs"); // what the page itself weighs, from a full load
            assertThat(row(page, running)).isVisible();
            long weight = tab.compressedWeight();
            System.out.println("jobs page: " + weight + " bytes of HTML, CSS and JS compressed");
            assertThat(weight).isLessThan(300 * 1024);
        }
    }

    @Test
    void anAnalystSeesTheQueueAndLogsButNoControl() {
        String job = slowTraining("jobs-ui-analyst");
        awaitRunning(job);
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.ANALYST)) {
            Page page = tab.page;
            assertThat(page).hasURL(Pattern.compile("/ui/jobs$")); // an analyst's first page
            Locator mine = row(page, job);
            assertThat(mine.locator(".badge")).hasText("running");
            assertThat(page.locator("table.jobs").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(Pattern.compile("Cancel"))))
                    .hasCount(0);
            assertThat(page.locator("table.jobs input")).hasCount(0);
            mine.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(Pattern.compile("Log$"))).click();
            assertThat(page.locator("section.job-log li.log-line").first()).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
            assertThat(tab.accessibility()).as("axe on the jobs page as an analyst").isEmpty();
            tab.expectNoProblems();
        } finally {
            server.http().send("POST", "/ml/jobs/" + job + "/cancel", null, new byte[0]);
        }
    }

    @Test
    void aDroppedEventStreamComesBack() {
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.ADMIN)) {
            Page page = tab.page;
            AtomicInteger refused = new AtomicInteger();
            page.route("**/ml/stream**", route -> {
                if (refused.getAndIncrement() < 2) {
                    route.abort("connectionreset"); // the stream's first two tries fail as a network drop would
                } else {
                    route.resume();
                }
            });
            tab.go("/ui/jobs");
            assertThat(page.locator(".live")).hasText("Reconnecting…");
            assertThat(page.locator(".live")).hasText("Live", new LocatorAssertions.HasTextOptions().setTimeout(15_000));
            assertThat(refused.get()).isGreaterThanOrEqualTo(3);
            // and it carries events again: a job queued now shows up
            String job = slowTraining("jobs-ui-after-drop");
            assertThat(row(page, job).locator(".badge")).hasText(Pattern.compile("queued|running"),
                    new LocatorAssertions.HasTextOptions().setTimeout(30_000));
            server.http().send("POST", "/ml/jobs/" + job + "/cancel", null, new byte[0]);
            assertThat(row(page, job).locator(".badge")).hasText("cancelled", new LocatorAssertions.HasTextOptions().setTimeout(15_000));
        }
    }

    private static Locator row(Page page, String job) {
        return page.locator("table.jobs tr[data-job='" + job + "']");
    }

    private static void cancel(Page page, Locator row) {
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(Pattern.compile("Cancel…$"))).click();
        Locator dialog = page.getByRole(AriaRole.DIALOG);
        assertThat(dialog).containsText("Cancel this job?");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel job")).click();
    }

    /** A training of a gradient-boosting model slow enough to watch (5,000 rounds); its job's id. */
    private static String slowTraining(String name) {
        var model = server.http().postJson("/ml/models", "{\"modelName\": \"" + name + "\", \"modelType\": \"" + name + "\","
                + " \"algorithm\": \"gbm\", \"hyperparameters\": {\"rounds\": 5000, \"max_depth\": 6, \"eta\": 0.01},"
                + " \"targetVariable\": \"label\", \"binarize\": {\"negativeClass\": \"normal\"}}");
        assertThat(model.status()).as(model.toString()).isEqualTo(201);
        var job = server.http().postJson("/ml/models/" + model.json().get("id").asText() + "/train",
                "{\"datasetId\": \"" + datasetId + "\"}");
        assertThat(job.status()).as(job.toString()).isEqualTo(202);
        return job.json().get("id").asText();
    }

    private static void awaitRunning(String job) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!"running".equals(server.http().get("/ml/jobs/" + job).json().get("state").asText())) {
            assertThat(System.nanoTime()).as("job " + job + " running within a minute").isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
