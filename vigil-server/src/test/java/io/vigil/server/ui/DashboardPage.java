package io.vigil.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.vigil.server.auth.Role;
import io.vigil.server.auth.Users;
import io.vigil.server.testing.TestServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One browser tab on the dashboard of a {@link TestServer}, in a fresh context of the shared
 * Chromium ({@link SharedBrowser}): nothing is kept from another test (no session, no cache).
 * {@link #signedIn} signs in through the login form, as a person does.
 *
 * <p>It records what no page may do: an uncaught script error, a request the Content-Security-Policy
 * refused, an answer 5xx; {@link #expectNoProblems()} fails on any. {@link #accessibility()} runs axe.
 */
final class DashboardPage implements AutoCloseable {
    static final int WIDTH = 1280;
    static final int HEIGHT = 800;

    final TestServer server;
    final BrowserContext context;
    final Page page;
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    private DashboardPage(TestServer server, BrowserContext context) {
        this.server = server;
        this.context = context;
        this.page = context.newPage();
        page.onPageError(error -> problems.add("script error: " + error));
        page.onConsoleMessage(m -> {
            if (m.text().contains("Content Security Policy") || m.text().startsWith("Refused to")) {
                problems.add("refused by the Content-Security-Policy: " + m.text());
            }
        });
        page.onResponse(r -> {
            if (r.status() >= 500) {
                problems.add(r.status() + " from " + r.request().method() + " " + r.url());
            }
        });
    }

    /** A fresh tab at 1280 x 800 (a laptop), on the login page. */
    static DashboardPage open(TestServer server) {
        return open(server, WIDTH, HEIGHT);
    }

    /** A fresh tab of the given size (390 x 844 is a phone). */
    static DashboardPage open(TestServer server, int width, int height) {
        return open(server, width, height, com.microsoft.playwright.options.ColorScheme.LIGHT);
    }

    /** A fresh tab of the given size whose system asks for a light or a dark theme. */
    static DashboardPage open(TestServer server, int width, int height, com.microsoft.playwright.options.ColorScheme scheme) {
        Browser browser = SharedBrowser.get();
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setBaseURL(server.anonymous().base()).setViewportSize(width, height).setLocale("en-GB").setColorScheme(scheme));
        context.setDefaultTimeout(15_000);
        Accessibility.install(context);
        DashboardPage tab = new DashboardPage(server, context);
        tab.page.navigate("/");
        assertThat(tab.page.getByRole(com.microsoft.playwright.options.AriaRole.HEADING,
                new Page.GetByRoleOptions().setName("Sign in to Vigil"))).isVisible();
        return tab;
    }

    /**
     * A fresh tab that already holds a session of {@code role} (made through the API, as the login
     * page would), at no page yet: for measuring a page's own load, without the login's.
     */
    static DashboardPage withSession(TestServer server, Role role) {
        String answer = server.anonymous().postJson("/auth/login", "{\"username\": \"" + username(server, role)
                + "\", \"password\": \"" + password(role) + "\"}").text();
        Browser browser = SharedBrowser.get();
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setBaseURL(server.anonymous().base()).setViewportSize(WIDTH, HEIGHT).setLocale("en-GB"));
        context.setDefaultTimeout(15_000);
        Accessibility.install(context);
        // what api.js stores after a login; init scripts run before the page's own, past its policy
        context.addInitScript("(() => { if (sessionStorage.getItem('vigil.session')) return; const a = " + answer + ";"
                + " sessionStorage.setItem('vigil.session', JSON.stringify({token: a.token, refreshToken: a.refreshToken,"
                + " username: a.username, role: a.role, receivedAt: Date.now(), lifetimeMs: 15 * 60 * 1000})); })()");
        return new DashboardPage(server, context);
    }

    /** A fresh tab signed in as a user of {@code role} (the first admin for an admin), on its first page. */
    static DashboardPage signedIn(TestServer server, Role role) {
        DashboardPage tab = open(server);
        tab.signIn(username(server, role), password(role));
        assertThat(tab.page.locator("header.top .username")).hasText(username(server, role));
        return tab;
    }

    /** The username of {@code role}'s test user, made on first use. */
    static String username(TestServer server, Role role) {
        if (role == Role.ADMIN) {
            return Users.FIRST_ADMIN;
        }
        server.as(role); // makes the user
        return "test-" + role.wire().replace('_', '-');
    }

    static String password(Role role) {
        return role == Role.ADMIN ? TestServer.ADMIN_PASSWORD : TestServer.USER_PASSWORD;
    }

    /** Fills the login form and sends it; waits for nothing (the caller knows what it expects). */
    DashboardPage signIn(String username, String password) {
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(password);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        return this;
    }

    /** Goes to a path of the app, as typing it in the address bar does (a full load). */
    DashboardPage go(String path) {
        page.navigate(path);
        return this;
    }

    /** The labels of the top navigation, in order. */
    List<String> navigation() {
        return page.locator("header.top nav a").allTextContents();
    }

    /** The page's main area. */
    Locator main() {
        return page.locator("main");
    }

    /** The serious and critical accessibility violations of the page as it stands. */
    List<String> accessibility() {
        return Accessibility.seriousViolations(page);
    }

    /** A picture of the whole page, in target/screenshots/{@code name}.png (to look at what a test saw). */
    java.nio.file.Path screenshot(String name) {
        java.nio.file.Path file = java.nio.file.Path.of("target", "screenshots", name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    /**
     * The HTML, CSS and JavaScript the page in this tab loaded since its last full load (the chart
     * library aside, which is loaded once and only by pages with charts), as gzip sends them: each
     * file fetched again with {@code Accept-Encoding: gzip} and its body counted.
     */
    long compressedWeight() {
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) page.evaluate("() => [location.href, ...performance.getEntriesByType('resource')"
                + ".map(e => e.name)].filter(u => u.startsWith(location.origin) && (u === location.href || /\\.(js|css)$/.test(u)))"
                + ".filter(u => !u.includes('/vendor/') && !u.includes('" + Accessibility.ADDRESS + "'))");
        long total = 0;
        for (String url : new java.util.LinkedHashSet<>(urls)) {
            var r = server.anonymous().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .header("Accept-Encoding", "gzip").GET());
            assertThat(r.status()).as(url).isEqualTo(200);
            total += r.body().length;
        }
        return total;
    }

    /** Fails if a script failed, the policy refused something or the server answered 5xx. */
    void expectNoProblems() {
        synchronized (problems) {
            assertThat(problems).as("script errors, policy refusals and 5xx answers on the dashboard").isEmpty();
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
