package io.vigil.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vigil.server.auth.Role;
import io.vigil.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signing in to the dashboard in a real Chromium, as each role: what its navigation shows, a wrong
 * password, the service role and a service key refused, signing out, a session that ends, the
 * token refreshed before it expires, the frame on a laptop and a phone, and axe on each page.
 */
class LoginIT {
    /** The top navigation of each role that may sign in, in order: a page a role may not use is absent. */
    static final Map<Role, List<String>> NAVIGATION = Map.of(
            Role.ADMIN, List.of("Datasets", "Captures", "Jobs", "Models", "Predict", "Monitoring", "Streams", "Assets", "Events", "Incidents", "Search"),
            Role.DATA_SCIENTIST, List.of("Datasets", "Captures", "Jobs", "Models", "Predict", "Monitoring", "Streams", "Assets", "Events", "Incidents", "Search"),
            Role.ANALYST, List.of("Jobs", "Models", "Predict", "Monitoring", "Streams", "Assets", "Events", "Incidents", "Search"));

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
    void eachRoleSignsInAndSeesTheNavigationOfItsRole() {
        for (Role role : List.of(Role.ADMIN, Role.DATA_SCIENTIST, Role.ANALYST)) {
            try (DashboardPage tab = DashboardPage.signedIn(server, role)) {
                assertThat(tab.navigation()).as(role.wire()).isEqualTo(NAVIGATION.get(role));
                tab.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(
                        Pattern.compile(DashboardPage.username(server, role)))).click();
                assertThat(tab.page).hasURL(Pattern.compile("/ui/account$"));
                assertThat(tab.main().locator("dl.facts")).containsText(DashboardPage.username(server, role));
                assertThat(tab.main().locator("ul.permissions li").first()).isVisible();
                assertThat(tab.accessibility()).as("axe on the account page as " + role.wire()).isEmpty();
                tab.screenshot("account-" + role.wire());
                tab.expectNoProblems();
            }
        }
    }

    @Test
    void theLoginPageIsAccessibleAndWorksByKeyboardAlone() {
        try (DashboardPage tab = DashboardPage.open(server)) {
            long weight = tab.compressedWeight();
            System.out.println("login page: " + weight + " bytes of HTML, CSS and JS compressed");
            assertThat(weight).isLessThan(300 * 1024);
            assertThat(tab.accessibility()).as("axe on the login page").isEmpty();
            assertThat(tab.page.getByLabel("Username")).isFocused();
            tab.page.keyboard().type(DashboardPage.username(server, Role.ADMIN));
            tab.page.keyboard().press("Tab");
            tab.page.keyboard().type(DashboardPage.password(Role.ADMIN));
            tab.page.keyboard().press("Enter");
            assertThat(tab.page.locator("header.top .username")).hasText(DashboardPage.username(server, Role.ADMIN));
            tab.expectNoProblems();
        }
    }

    @Test
    void aWrongPasswordShowsTheServersMessageAndKeepsNoSession() {
        try (DashboardPage tab = DashboardPage.open(server)) {
            tab.signIn(DashboardPage.username(server, Role.ANALYST), "not-the-password");
            assertThat(tab.page.getByRole(AriaRole.ALERT)).hasText("wrong username or password");
            assertThat(tab.page).hasURL(Pattern.compile("/ui/login$"));
            assertThat(tab.page.getByLabel("Password")).hasValue("");
            assertThat(storedSession(tab)).isNull();
            tab.expectNoProblems();
        }
    }

    @Test
    void neitherTheServiceRoleNorAServiceKeySignsIn() {
        String serviceKey = server.apiKey(Role.SERVICE);
        try (DashboardPage tab = DashboardPage.open(server)) {
            // a person of the service role: the server lets the login through, the dashboard does not
            tab.signIn(DashboardPage.username(server, Role.SERVICE), DashboardPage.password(Role.SERVICE));
            assertThat(tab.page.getByRole(AriaRole.ALERT)).containsText("The service role is for programs");
            assertThat(tab.page).hasURL(Pattern.compile("/ui/login$"));
            assertThat(storedSession(tab)).isNull();
            // a service key is no password: the login is for users
            tab.signIn(DashboardPage.username(server, Role.ADMIN), serviceKey);
            assertThat(tab.page.getByRole(AriaRole.ALERT)).hasText("wrong username or password");
            tab.signIn(serviceKey, serviceKey);
            assertThat(tab.page.getByRole(AriaRole.ALERT)).hasText("wrong username or password");
            assertThat(storedSession(tab)).isNull();
            tab.expectNoProblems();
        }
    }

    @Test
    void signingOutEndsTheSessionOnTheServerToo() {
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.DATA_SCIENTIST)) {
            String refreshToken = (String) tab.page.evaluate("() => JSON.parse(sessionStorage.getItem('vigil.session')).refreshToken");
            tab.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
            assertThat(tab.page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign in to Vigil"))).isVisible();
            assertThat(storedSession(tab)).isNull();
            assertThat(server.anonymous().postJson("/auth/refresh", "{\"refreshToken\": \"" + refreshToken + "\"}").status())
                    .as("the refresh token of a signed-out session").isEqualTo(401);
            // the app's pages need a session again
            tab.go("/ui/account");
            assertThat(tab.page).hasURL(Pattern.compile("/ui/login\\?next=%2Fui%2Faccount$"));
            tab.expectNoProblems();
        }
    }

    @Test
    void aPageAskedForBeforeSigningInIsShownAfter() {
        try (DashboardPage tab = DashboardPage.open(server)) {
            tab.go("/ui/account");
            assertThat(tab.page).hasURL(Pattern.compile("/ui/login\\?next="));
            tab.signIn(DashboardPage.username(server, Role.ANALYST), DashboardPage.password(Role.ANALYST));
            assertThat(tab.page).hasURL(Pattern.compile("/ui/account$"));
            assertThat(tab.main().getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions().setName("Your account"))).isVisible();
            // a path of another site is never where the login leads
            tab.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
            tab.go("/ui/login?next=" + java.net.URLEncoder.encode("//evil.example/x", java.nio.charset.StandardCharsets.UTF_8));
            tab.signIn(DashboardPage.username(server, Role.ANALYST), DashboardPage.password(Role.ANALYST));
            assertThat(tab.page.locator("header.top .username")).isVisible();
            assertThat(tab.page.url()).startsWith(server.anonymous().base() + "/ui/");
            tab.expectNoProblems();
        }
    }

    @Test
    void aSessionTheServerNoLongerTakesLeadsBackToTheLoginWithAMessage() {
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.ADMIN)) {
            // the tokens this tab holds stop being valid (revoked, expired while the laptop slept)
            tab.page.evaluate("() => { const s = JSON.parse(sessionStorage.getItem('vigil.session'));"
                    + " s.token = 'x.y.z'; s.refreshToken = 'spent'; sessionStorage.setItem('vigil.session', JSON.stringify(s)); }");
            tab.go("/ui/account");
            assertThat(tab.page.getByRole(AriaRole.STATUS)).containsText("Your session has ended. Sign in again.");
            assertThat(tab.page).hasURL(Pattern.compile("/ui/login\\?next=%2Fui%2Faccount$"));
            assertThat(storedSession(tab)).isNull();
            tab.signIn(DashboardPage.username(server, Role.ADMIN), DashboardPage.password(Role.ADMIN));
            assertThat(tab.page).hasURL(Pattern.compile("/ui/account$"));
            tab.expectNoProblems();
        }
    }

    @Test
    void theTokenIsRefreshedBeforeItExpires() {
        try (DashboardPage tab = DashboardPage.open(server)) {
            tab.page.clock().install(); // the tab's timers and Date from now on: its time can be moved on
            tab.signIn(DashboardPage.username(server, Role.ANALYST), DashboardPage.password(Role.ANALYST));
            assertThat(tab.page.locator("header.top .username")).isVisible();
            String first = token(tab);
            // a 15-minute token is refreshed after three quarters of its life, by a timer: no request needed it
            tab.page.clock().runFor(12 * 60 * 1000);
            tab.page.waitForCondition(() -> !first.equals(token(tab)));
            assertThat(server.anonymous().withBearer(token(tab)).get("/auth/me").status()).isEqualTo(200);
            tab.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(
                    Pattern.compile(DashboardPage.username(server, Role.ANALYST)))).click();
            assertThat(tab.main().locator("dl.facts")).containsText("Analyst");
            tab.expectNoProblems();
        }
    }

    @Test
    void theFrameFitsALaptopAndAPhone() {
        for (int[] size : List.of(new int[] {1280, 800}, new int[] {390, 844})) {
            try (DashboardPage tab = DashboardPage.open(server, size[0], size[1])) {
                tab.signIn(DashboardPage.username(server, Role.DATA_SCIENTIST), DashboardPage.password(Role.DATA_SCIENTIST));
                assertThat(tab.page.locator("header.top .username")).isVisible();
                tab.go("/ui/account");
                assertThat(tab.main().locator("dl.facts")).isVisible();
                if (size[0] == DashboardPage.WIDTH) {
                    long weight = tab.compressedWeight();
                    System.out.println("account page: " + weight + " bytes of HTML, CSS and JS compressed");
                    assertThat(weight).isLessThan(300 * 1024);
                }
                Object overflow = tab.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
                assertThat(((Number) overflow).intValue()).as("horizontal scrolling at %d px", size[0]).isLessThanOrEqualTo(0);
                assertThat(tab.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))).isInViewport();
                tab.screenshot("account-" + size[0] + "px");
                tab.expectNoProblems();
            }
        }
    }

    @Test
    void theThemeFollowsTheSystemAndReadsWellInBoth() {
        for (var scheme : List.of(com.microsoft.playwright.options.ColorScheme.LIGHT, com.microsoft.playwright.options.ColorScheme.DARK)) {
            try (DashboardPage tab = DashboardPage.open(server, DashboardPage.WIDTH, DashboardPage.HEIGHT, scheme)) {
                tab.signIn(DashboardPage.username(server, Role.ADMIN), DashboardPage.password(Role.ADMIN));
                assertThat(tab.page.locator("header.top .username")).isVisible();
                tab.go("/ui/account");
                assertThat(tab.main().locator("dl.facts")).isVisible();
                String theme = scheme == com.microsoft.playwright.options.ColorScheme.DARK ? "dark" : "light";
                assertThat(tab.page.locator("html")).hasAttribute("data-theme", theme);
                String background = (String) tab.page.evaluate("() => getComputedStyle(document.body).backgroundColor");
                int red = Integer.parseInt(background.replaceAll("rgb\\((\\d+),.*", "$1"));
                assertThat(red).as("the page's background in the %s theme: %s", theme, background)
                        .isGreaterThan(theme.equals("dark") ? -1 : 200).isLessThan(theme.equals("dark") ? 60 : 256);
                assertThat(tab.accessibility()).as("axe (contrast among its rules) in the " + theme + " theme").isEmpty();
                tab.screenshot("account-" + theme);
                tab.expectNoProblems();
            }
        }
    }

    @Test
    void anUnknownPageSaysSo() {
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.ANALYST)) {
            tab.go("/ui/no-such-page");
            assertThat(tab.main().getByRole(AriaRole.HEADING)).hasText("Page not found");
            tab.expectNoProblems();
        }
    }

    private static String storedSession(DashboardPage tab) {
        return (String) tab.page.evaluate("() => sessionStorage.getItem('vigil.session')");
    }

    private static String token(DashboardPage tab) {
        return (String) tab.page.evaluate("() => JSON.parse(sessionStorage.getItem('vigil.session')).token");
    }
}
