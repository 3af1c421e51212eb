package io.vigil.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.http.Route;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.RawHttp;
import io.vigil.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard as the server serves it, over real HTTP: the shell at {@code /} and every
 * {@code /ui/...} page path with a strict Content-Security-Policy; the assets under their content
 * hash, immutable and gzip-compressed; unknown assets as 404 problems; no way out of {@code ui/}.
 */
class UiServingIT {
    private static final Pattern ASSETS = Pattern.compile("/ui/assets/([0-9a-f]{16})/app\\.js");
    static TestServer server;
    static String hash;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        Matcher m = ASSETS.matcher(server.anonymous().get("/").text());
        assertThat(m.find()).as("the shell names app.js under the assets' hash").isTrue();
        hash = m.group(1);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theShellAnswersTheRootAndEveryPagePathWithAStrictPolicy() {
        for (String path : List.of("/", "/ui", "/ui/", "/ui/login", "/ui/datasets", "/ui/datasets/3f0c/anything/deeper")) {
            Response r = server.anonymous().get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.contentType()).as(path).startsWith("text/html");
            assertThat(r.text()).contains("<script type=\"module\" src=\"/ui/assets/" + hash + "/app.js\"></script>")
                    .contains("/ui/assets/" + hash + "/style.css");
            assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
            assertStrictHeaders(path, r);
        }
        String shell = server.anonymous().get("/").text();
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(shell).find()).as("an inline script").isFalse();
        assertThat(shell).doesNotContain("<style").doesNotContain(" style=").doesNotContain(" onload=").doesNotContain("{{assets}}");
    }

    @Test
    void theShellIsRevalidatedByItsTag() {
        Response first = server.anonymous().get("/ui/jobs");
        String tag = first.header("ETag");
        assertThat(tag).isEqualTo("\"" + hash + "\"");
        Response again = server.anonymous().send(request("/ui/jobs").header("If-None-Match", tag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void assetsAreImmutableTypedAndCompressed() throws IOException {
        record Expected(String path, String type) {}
        for (Expected e : List.of(new Expected("app.js", "text/javascript"), new Expected("pages/login.js", "text/javascript"),
                new Expected("style.css", "text/css"), new Expected("icon.svg", "image/svg+xml"),
                new Expected("vendor/echarts.esm.min.js", "text/javascript"))) {
            String path = "/ui/assets/" + hash + "/" + e.path();
            Response plain = server.anonymous().get(path);
            assertThat(plain.status()).as(path).isEqualTo(200);
            assertThat(plain.contentType()).as(path).startsWith(e.type());
            assertThat(plain.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
            assertThat(plain.header("Content-Encoding")).isNull();
            assertStrictHeaders(path, plain);

            Response zipped = server.anonymous().send(request(path).header("Accept-Encoding", "gzip, deflate, br"));
            assertThat(zipped.header("Content-Encoding")).as(path).isEqualTo("gzip");
            assertThat(zipped.header("Vary")).isEqualTo("Accept-Encoding");
            assertThat(zipped.body().length).as("%s compressed", path).isLessThan(plain.body().length);
            assertThat(gunzip(zipped.body())).as(path).isEqualTo(plain.body());
        }
        Response refused = server.anonymous().send(request("/ui/assets/" + hash + "/app.js").header("Accept-Encoding", "gzip;q=0, identity"));
        assertThat(refused.header("Content-Encoding")).isNull();
        assertThat(server.anonymous().get("/ui/assets/" + hash + "/vendor/echarts.esm.min.js").text()).contains("echarts");
    }

    @Test
    void unknownAssetsAreNotFoundProblems() {
        for (String path : List.of("/ui/assets", "/ui/assets/", "/ui/assets/" + hash, "/ui/assets/" + hash + "/",
                "/ui/assets/" + hash + "/no-such.js", "/ui/assets/" + hash + "/index.html", "/ui/assets/" + hash + "/.env",
                "/ui/assets/0123456789abcdef/app.js", "/ui/assets/app.js")) {
            Response r = server.anonymous().get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.contentType()).as(path).startsWith("application/problem+json");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
        assertThat(server.anonymous().get("/ui/assets/0123456789abcdef/app.js").json().get("detail").asText())
                .contains("another version of Vigil");
    }

    @Test
    void noRequestReachesAFileOutsideTheDashboard() {
        String base = "/ui/assets/" + hash + "/";
        List<String> attempts = List.of("../../openapi.yaml", "..%2f..%2fopenapi.yaml", "%2e%2e/%2e%2e/openapi.yaml",
                "%2e%2e%2f%2e%2e%2fopenapi.yaml", "..%5c..%5copenapi.yaml", "..\\..\\openapi.yaml", "%252e%252e/%252e%252e/openapi.yaml",
                "....//....//openapi.yaml", "vendor/../../../openapi.yaml", "/openapi.yaml", "//etc/passwd", "%2fetc%2fpasswd",
                "..%00/openapi.yaml", "%c0%ae%c0%ae/%c0%ae%c0%ae/openapi.yaml", "../../../../../../../../etc/passwd",
                "..;/..;/openapi.yaml", "file:/etc/passwd", "io/vigil/server/Vigil.class", "../../io/vigil/server/Vigil.class",
                "../../logback.xml", "../../db/migration/V1__init.sql", "META-INF/MANIFEST.MF", "../../../docs/index.html");
        List<String> leaks = new ArrayList<>();
        for (String attempt : attempts) {
            RawHttp.Answer a = RawHttp.exchange("127.0.0.1", server.port(), ("GET " + base + attempt + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(10), false);
            String body = a.text();
            // a path Jetty normalizes back under /ui/ is a page of the app: the shell, and nothing else
            boolean leaked = a.status() == 200 && !body.contains("<div id=\"app\"")
                    || body.contains("openapi: ") || body.contains("root:") || body.contains("<configuration")
                    || body.contains("CREATE TABLE") || body.contains("Manifest-Version") || body.contains("swagger-ui");
            if (a.status() == 0 || a.status() >= 500 || leaked) {
                leaks.add(attempt + " -> " + a.status() + " " + body.substring(0, Math.min(120, body.length())));
            }
            if (a.status() >= 400) {
                assertThat(a.header("Content-Type")).as(attempt).startsWith("application/problem+json");
            }
        }
        assertThat(leaks).as("answers that reached a file outside ui/ or failed").isEmpty();
    }

    @Test
    void theDashboardPassesTheSameEdgeGuardsAndIsNoRouteOfTheApi() {
        // a URI past the limit is refused before routing, as for any route
        Response tooLong = server.anonymous().get("/ui/" + "a".repeat(9000));
        assertThat(tooLong.status()).isEqualTo(414);
        assertThat(tooLong.contentType()).startsWith("application/problem+json");
        // only GET: the shell takes no body
        Response post = server.anonymous().send("POST", "/ui/datasets", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(post.status()).isIn(404, 405);
        assertThat(post.contentType()).startsWith("application/problem+json");
        // the API's route table (openapi.yaml, the role matrix) does not list the dashboard
        for (Route route : server.routes()) {
            assertThat(route.path()).isNotEqualTo("/").doesNotStartWith("/ui");
        }
        // Swagger UI stays where it was
        Response docs = server.anonymous().get("/docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.text()).contains("swagger-ui");
    }

    private static void assertStrictHeaders(String path, Response r) {
        String csp = r.header("Content-Security-Policy");
        assertThat(csp).as(path).contains("default-src 'none'").contains("script-src 'self'").contains("style-src 'self'")
                .contains("object-src 'none'").contains("base-uri 'none'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("*");
        assertThat(r.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.anonymous().base() + path)).GET();
    }

    private static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
