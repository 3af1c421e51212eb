package io.vigil.server.ui;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Paths;
import java.util.List;

/**
 * The model pages' browser tests' Chromium: Debian's, started once per test run, closed at exit;
 * a fresh context (no shared session storage) for each page. Until the shell's browser holder is
 * merged, this is its stand-in.
 */
final class ModelPagesBrowser {
    private static Playwright playwright;
    private static Browser browser;

    private ModelPagesBrowser() {}

    private static synchronized Browser browser() {
        if (browser == null) {
            playwright = Playwright.create();
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Paths.get("/usr/bin/chromium"))
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                            "--disable-sync", "--no-first-run")));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                browser.close();
                playwright.close();
            }));
        }
        return browser;
    }

    /** A new page at 1280 x 900 in its own context, signed in to {@code base} as {@code username}. */
    static Page signedIn(String base, String username, String password) {
        BrowserContext context = browser().newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setBaseURL(base));
        context.setDefaultTimeout(30_000);
        Page page = context.newPage();
        page.navigate("/ui/login");
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(password);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
        page.waitForURL(url -> !url.contains("/ui/login"));
        return page;
    }
}
