package io.vigil.server.ui;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One Chromium for the whole test run, started by the first browser test that asks and closed when
 * the JVM exits: each test takes a fresh context from it ({@link DashboardPage}), which costs
 * milliseconds where a browser costs a second.
 *
 * <p>The browser is the system's Chromium ({@code apt-get install -y chromium}; {@code .ci/run}
 * installs it), or the one named by {@code VIGIL_TEST_CHROMIUM}. Without either, Playwright
 * downloads its own build: on a machine with internet access the tests pass all the same.
 */
final class SharedBrowser {
    private static final Path SYSTEM_CHROMIUM = Path.of("/usr/bin/chromium");
    private static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");

    private static Playwright playwright;
    private static Browser browser;

    private SharedBrowser() {}

    /** The browser, started on first use. */
    static synchronized Browser get() {
        if (browser == null) {
            long start = System.nanoTime();
            Path executable = executable();
            // Playwright would download browsers of its own: only when there is no Chromium here to drive
            playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", executable == null ? "0" : "1")));
            BrowserType.LaunchOptions options = new BrowserType.LaunchOptions().setHeadless(true).setArgs(ARGS);
            if (executable != null) {
                options.setExecutablePath(executable);
            }
            browser = playwright.chromium().launch(options);
            Runtime.getRuntime().addShutdownHook(new Thread(SharedBrowser::close, "close-shared-browser"));
            System.out.println("browser: " + browser.browserType().name() + " " + browser.version() + " from "
                    + (executable == null ? "Playwright's download" : executable) + ", started in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        return browser;
    }

    private static Path executable() {
        String named = System.getenv("VIGIL_TEST_CHROMIUM");
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        return Files.isExecutable(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : null;
    }

    private static synchronized void close() {
        try {
            if (browser != null) {
                browser.close();
            }
            if (playwright != null) {
                playwright.close();
            }
        } catch (RuntimeException e) { // the JVM is ending: a browser already gone fails nothing
            System.err.println("closing the shared browser: " + e);
        }
        browser = null;
        playwright = null;
    }
}
