package io.vigil.server.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import io.vigil.server.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * axe-core (Deque, from its WebJar on the test classpath) run inside the page as it stands: the
 * serious and critical violations of WCAG 2.1 A and AA and axe's best practices. The browser loads
 * it from a same-origin address that the test answers itself ({@link #install}), so the page's
 * Content-Security-Policy, which allows no inline script and no eval, stays as it is in production.
 */
final class Accessibility {
    private static final String AXE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
    /** Where pages load axe from: answered by the test's route, never by Vigil. */
    static final String ADDRESS = "/__test/axe.min.js";
    private static final Set<String> BLOCKING = Set.of("serious", "critical");
    private static String source;

    private Accessibility() {}

    /** Each serious or critical violation as one line: rule, impact, what it means, the first elements it names. */
    static List<String> seriousViolations(Page page) {
        if (!(Boolean) page.evaluate("() => !!window.axe")) {
            page.addScriptTag(new Page.AddScriptTagOptions().setUrl(ADDRESS));
        }
        Object result = page.evaluate("async () => JSON.stringify(await axe.run(document, {"
                + "runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},"
                + "resultTypes: ['violations']}))");
        JsonNode violations = read((String) result).path("violations");
        List<String> found = new ArrayList<>();
        for (JsonNode v : violations) {
            if (BLOCKING.contains(v.path("impact").asText())) {
                List<String> targets = new ArrayList<>();
                for (JsonNode node : v.path("nodes")) {
                    if (targets.size() < 3) {
                        targets.add(node.path("target").toString());
                    }
                }
                found.add(v.path("id").asText() + " (" + v.path("impact").asText() + "): " + v.path("help").asText() + " at " + targets);
            }
        }
        return found;
    }

    /** Answers {@link #ADDRESS} in every page of {@code context} with axe's script. */
    static void install(BrowserContext context) {
        context.route("**" + ADDRESS, route -> route.fulfill(new Route.FulfillOptions().setStatus(200)
                .setContentType("text/javascript; charset=utf-8").setBody(axeSource())));
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized String axeSource() {
        if (source == null) {
            try (InputStream in = Accessibility.class.getClassLoader().getResourceAsStream(AXE)) {
                if (in == null) {
                    throw new IllegalStateException(AXE + " is missing: the axe-core WebJar is a test dependency");
                }
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return source;
    }
}
