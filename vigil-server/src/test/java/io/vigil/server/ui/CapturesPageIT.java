package io.vigil.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.vigil.engine.capture.TestCaptures;
import io.vigil.server.auth.Role;
import io.vigil.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packet captures page in a real browser: a data scientist uploads a capture and sees its flow
 * count, and the capture listed with a link to its flows; a cut capture is refused naming the byte
 * offset, and accepted with "keep the flows before damage".
 */
class CapturesPageIT {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aDataScientistUploadsACaptureAndSeesItsFlows() throws Exception {
        byte[] pcap = TestCaptures.scenario().pcap();
        Path whole = Files.createTempFile("office-", ".pcap");
        Path cut = Files.createTempFile("cut-", ".pcap");
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.DATA_SCIENTIST)) {
            Files.write(whole, pcap);
            Files.write(cut, java.util.Arrays.copyOf(pcap, pcap.length - 7)); // the last record cut short
            Page page = tab.page;
            page.locator("header.top nav a", new Page.LocatorOptions().setHasText("Captures")).click();
            assertThat(page.locator("main")).containsText("No capture uploaded yet.");
            ModelsPageIT.accessibleAndFits(tab, "captures");

            page.setInputFiles("#capture-file", whole);
            page.fill("#capture-name", "office");
            page.click("button:has-text('Upload the capture')");
            assertThat(page.locator(".upload-status")).containsText("\u201coffice\u201d: 10 flows");
            Locator row = page.locator("table.captures tbody tr");
            assertThat(row).hasCount(1);
            assertThat(row).containsText("office");
            assertThat(row.locator("td.number").first()).hasText("10");

            page.setInputFiles("#capture-file", cut);
            page.fill("#capture-name", "cut");
            page.click("button:has-text('Upload the capture')");
            assertThat(page.locator(".upload-status")).containsText("the capture is cut: the packet record at byte");
            assertThat(row).hasCount(1); // nothing stored

            page.setInputFiles("#capture-file", cut);
            page.fill("#capture-name", "cut-kept");
            page.check("#capture-keep");
            page.click("button:has-text('Upload the capture')");
            assertThat(page.locator(".upload-status")).containsText("\u201ccut-kept\u201d");
            assertThat(row).hasCount(2);
            assertThat(row.filter(new Locator.FilterOptions().setHasText("cut-kept"))).containsText("flows before it kept");
            row.filter(new Locator.FilterOptions().setHasText("office")).getByRole(com.microsoft.playwright.options.AriaRole.LINK).click();
            assertThat(page).hasURL(java.util.regex.Pattern.compile("/ui/datasets/[0-9a-f-]+$"));
            tab.expectNoProblems();
        } finally {
            Files.deleteIfExists(whole);
            Files.deleteIfExists(cut);
        }
    }
}
