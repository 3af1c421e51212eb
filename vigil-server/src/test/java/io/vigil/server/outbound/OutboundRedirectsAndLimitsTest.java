package io.vigil.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.core.VigilException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SSRF through redirects (a permitted target that redirects inward), and the client's other
 * guards: the allowlist that lets one exact internal target through, credentials kept to their
 * origin, the answer's size cap and the deadline. Real servers on loopback, allowlisted by port.
 */
class OutboundRedirectsAndLimitsTest {
    LoopbackServer other; // an internal service nobody allowed
    OutboundClient client;

    @BeforeEach
    void start() throws IOException {
        other = LoopbackServer.http(x -> LoopbackServer.answer(x, 200, "internal secrets"));
    }

    @AfterEach
    void stop() {
        if (client != null) client.close();
        other.close();
    }

    OutboundClient allowing(LoopbackServer... servers) {
        return allowing(OutboundSettings.DEFAULTS.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3)), servers);
    }

    OutboundClient allowing(OutboundSettings settings, LoopbackServer... servers) {
        StringBuilder allow = new StringBuilder();
        for (LoopbackServer s : servers) allow.append("127.0.0.1:").append(s.port()).append(',');
        client = OutboundClient.create(settings.withAllow(OutboundAllowlist.parse(allow.toString())));
        return client;
    }

    @Test
    void allowlistPermitsOneExactInternalTarget() throws IOException {
        try (LoopbackServer hook = LoopbackServer.http(x -> LoopbackServer.answer(x, 200, "ok"))) {
            allowing(hook);
            OutboundResponse answer = client.send(OutboundRequest.postJson("http://127.0.0.1:" + hook.port() + "/hook?token=t", "{\"alert\":1}"));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.text()).isEqualTo("ok");
            assertThat(answer.target()).isEqualTo("http://127.0.0.1:" + hook.port());
            assertThat(hook.seen.get(0).method()).isEqualTo("POST");
            assertThat(hook.seen.get(0).query()).isEqualTo("token=t");
            assertThat(new String(hook.seen.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("{\"alert\":1}");
            assertThat(hook.seen.get(0).header("Content-Type")).startsWith("application/json");
            // the same address on another port is not that target; the same address and port by another name is
            assertThatThrownBy(() -> client.send(OutboundRequest.get("http://127.0.0.1:" + other.port() + "/")))
                    .isInstanceOf(OutboundException.class).hasMessageContaining("is refused");
            assertThat(client.send(OutboundRequest.get("http://localhost:" + hook.port() + "/")).status()).isEqualTo(200);
            assertThat(other.hits()).isZero();
            assertThat(hook.hits()).isEqualTo(2);
        }
    }

    @Test
    void allowlistOfABlockOrANamePermitsWhatItSays() throws IOException {
        try (OutboundClient block = OutboundClient.create(OutboundSettings.DEFAULTS.withAllow(OutboundAllowlist.parse("127.0.0.0/8")));
             OutboundClient named = OutboundClient.create(OutboundSettings.DEFAULTS.withAllow(OutboundAllowlist.parse("localhost:" + other.port())))) {
            assertThat(block.send(OutboundRequest.get("http://127.0.0.1:" + other.port() + "/")).status()).isEqualTo(200);
            assertThat(named.send(OutboundRequest.get("http://LOCALHOST:" + other.port() + "/")).status()).isEqualTo(200);
            assertThatThrownBy(() -> named.send(OutboundRequest.get("http://127.0.0.1:" + other.port() + "/"))).hasMessageContaining("is refused");
            assertThatThrownBy(() -> block.send(OutboundRequest.get("http://169.254.169.254/"))).hasMessageContaining("link-local");
        }
        assertThat(other.hits()).isEqualTo(2);
    }

    @Test
    void anAllowedIpv6TargetIsCalledWithItsBracketedHost() throws IOException {
        try (LoopbackServer v6 = LoopbackServer.http("::1", x -> LoopbackServer.answer(x, 200, "v6"))) {
            client = OutboundClient.create(OutboundSettings.DEFAULTS.withAllow(OutboundAllowlist.parse("[::1]:" + v6.port())));
            OutboundResponse answer = client.send(OutboundRequest.get("http://[::1]:" + v6.port() + "/hook"));
            assertThat(answer.text()).isEqualTo("v6");
            assertThat(answer.target()).isEqualTo("http://[::1]:" + v6.port());
            assertThat(v6.seen.get(0).header("Host")).isEqualTo("[::1]:" + v6.port());
        }
    }

    @Test
    void ssrfThroughARedirectToALoopbackPortNotAllowedIsRefused() throws IOException {
        try (LoopbackServer allowed = LoopbackServer.http(x -> LoopbackServer.redirect(x, 302, "http://127.0.0.1:" + other.port() + "/admin"))) {
            allowing(allowed);
            assertThatThrownBy(() -> client.send(OutboundRequest.postJson("http://127.0.0.1:" + allowed.port() + "/hook", "{}")))
                    .isInstanceOf(OutboundException.class)
                    .hasMessage("redirect 1 to http://127.0.0.1:" + other.port() + " is refused: 127.0.0.1 is a loopback address; "
                            + "Vigil calls internal addresses only when outbound.allow (VIGIL_OUTBOUND_ALLOW) lists them");
            assertThat(allowed.hits()).isEqualTo(1);
            assertThat(other.hits()).isZero();
        }
    }

    @Test
    void ssrfThroughARedirectToCloudMetadataIsRefused() throws IOException {
        for (String location : List.of("http://169.254.169.254/latest/meta-data/iam/security-credentials/", "http://[::ffff:a9fe:a9fe]/",
                "http://metadata.google.internal.:80/computeMetadata/v1/", "http://0x7f.1:" + other.port() + "/", "//127.0.0.1:" + other.port() + "/")) {
            try (LoopbackServer allowed = LoopbackServer.http(x -> LoopbackServer.redirect(x, 307, location))) {
                OutboundClient c = allowing(allowed);
                assertThatThrownBy(() -> c.send(OutboundRequest.get("http://127.0.0.1:" + allowed.port() + "/")))
                        .as(location).isInstanceOf(OutboundException.class)
                        .satisfies(t -> assertThat(((OutboundException) t).reason()).isIn(OutboundException.Reason.REFUSED_TARGET,
                                OutboundException.Reason.BAD_REDIRECT, OutboundException.Reason.UNRESOLVABLE));
                c.close();
            }
        }
        assertThat(other.hits()).isZero();
    }

    @Test
    void redirectsAreFollowedUpToTheLimitEachRechecked() throws IOException {
        try (LoopbackServer hops = LoopbackServer.http(x -> {
            String path = x.getRequestURI().getPath();
            if (path.startsWith("/r")) {
                int n = Integer.parseInt(path.substring(2));
                LoopbackServer.redirect(x, 302, n == 0 ? "/final" : "/r" + (n - 1));
            } else {
                LoopbackServer.answer(x, 200, "arrived by " + x.getRequestMethod());
            }
        })) {
            allowing(hops);
            OutboundResponse answer = client.send(OutboundRequest.postJson("http://127.0.0.1:" + hops.port() + "/r2", "{}"));
            assertThat(answer.redirects()).isEqualTo(3);
            assertThat(answer.text()).isEqualTo("arrived by GET"); // a 302 after a POST is followed with GET, as browsers do
            assertThatThrownBy(() -> client.send(OutboundRequest.get("http://127.0.0.1:" + hops.port() + "/r3")))
                    .isInstanceOf(OutboundException.class)
                    .hasMessage("http://127.0.0.1:" + hops.port() + " redirected more than 3 times")
                    .satisfies(t -> assertThat(((OutboundException) t).kind()).isEqualTo(VigilException.Kind.UNPROCESSABLE));
        }
    }

    @Test
    void redirectsKeepMethodAndBodyOn307And308() throws IOException {
        try (LoopbackServer hook = LoopbackServer.http(x -> {
            if (x.getRequestURI().getPath().equals("/old")) LoopbackServer.redirect(x, 308, "/new");
            else LoopbackServer.answer(x, 200, x.getRequestMethod() + " " + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        })) {
            allowing(hook);
            client.send(OutboundRequest.postJson("http://127.0.0.1:" + hook.port() + "/old", "{\"a\":1}"));
            assertThat(hook.seen).extracting(s -> s.method() + " " + s.path() + " " + new String(s.body(), StandardCharsets.UTF_8))
                    .containsExactly("POST /old {\"a\":1}", "POST /new {\"a\":1}");
        }
    }

    @Test
    void ssrfThroughARedirectToAnotherSchemeIsRefused() throws IOException {
        for (String location : List.of("file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO", "ftp://example.com/", "http://[::1", "jar:file:/x!/")) {
            try (LoopbackServer allowed = LoopbackServer.http(x -> LoopbackServer.redirect(x, 302, location))) {
                OutboundClient c = allowing(allowed);
                assertThatThrownBy(() -> c.send(OutboundRequest.get("http://127.0.0.1:" + allowed.port() + "/"))).as(location)
                        .isInstanceOf(OutboundException.class)
                        .satisfies(t -> assertThat(((OutboundException) t).reason()).isEqualTo(OutboundException.Reason.BAD_REDIRECT));
                c.close();
            }
        }
    }

    @Test
    void credentialsAndCookiesAreNotForwardedAcrossOrigins() throws IOException {
        try (LoopbackServer second = LoopbackServer.http(x -> LoopbackServer.answer(x, 200, "second"));
             LoopbackServer first = LoopbackServer.http(x -> {
                 x.getResponseHeaders().add("Set-Cookie", "session=abc; Path=/");
                 if (x.getRequestURI().getPath().equals("/same")) LoopbackServer.redirect(x, 307, "/away");
                 else LoopbackServer.redirect(x, 307, "http://127.0.0.1:" + second.port() + "/landing");
             })) {
            allowing(first, second);
            OutboundRequest request = OutboundRequest.postJson("http://127.0.0.1:" + first.port() + "/same", "{}")
                    .withHeader("Authorization", "Bearer webhook-token").withHeader("X-Signature", "sig").withHeader("Accept", "text/plain");
            assertThat(client.send(request).text()).isEqualTo("second");
            assertThat(first.seen).extracting(s -> s.path() + " " + s.header("Authorization") + " " + s.header("Cookie"))
                    .containsExactly("/same Bearer webhook-token null", "/away Bearer webhook-token null"); // same origin: kept; no cookie
            LoopbackServer.Seen landed = second.seen.get(0);
            assertThat(landed.header("Authorization")).isNull();
            assertThat(landed.header("X-signature")).isNull();
            assertThat(landed.header("Cookie")).isNull();
            assertThat(landed.header("Accept")).isEqualTo("text/plain");
        }
    }

    @Test
    void answersLargerThanTheCapAreRefusedWithoutReadingThemWhole() throws IOException {
        byte[] twoMiB = new byte[2 << 20];
        try (LoopbackServer declared = LoopbackServer.http(x -> {
                 x.sendResponseHeaders(200, twoMiB.length);
                 try (OutputStream out = x.getResponseBody()) {
                     out.write(twoMiB);
                 }
             });
             LoopbackServer endless = LoopbackServer.http(x -> {
                 x.sendResponseHeaders(200, 0); // chunked, no length
                 try (OutputStream out = x.getResponseBody()) {
                     for (; ; ) out.write(new byte[8192]);
                 }
             })) {
            allowing(declared, endless);
            assertThatThrownBy(() -> client.send(OutboundRequest.get("http://127.0.0.1:" + declared.port() + "/")))
                    .isInstanceOf(OutboundException.class)
                    .hasMessage("the answer of http://127.0.0.1:" + declared.port() + " declares " + twoMiB.length
                            + " bytes; at most 1048576 are read (outbound.maxResponseKb)")
                    .satisfies(t -> assertThat(((OutboundException) t).kind()).isEqualTo(VigilException.Kind.TOO_LARGE));
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.send(OutboundRequest.get("http://127.0.0.1:" + endless.port() + "/")))
                    .hasMessage("the answer of http://127.0.0.1:" + endless.port() + " sent more than 1048576 bytes; at most 1048576 are read (outbound.maxResponseKb)");
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(2_000);
        }
    }

    @Test
    void theWholeCallHasOneDeadline() throws IOException {
        try (LoopbackServer silent = LoopbackServer.http(x -> sleep(5_000));
             LoopbackServer dripping = LoopbackServer.http(x -> {
                 x.sendResponseHeaders(200, 0);
                 try (OutputStream out = x.getResponseBody()) {
                     for (; ; ) { // a byte every 100 ms: no read ever waits long, the call would never end
                         out.write('x');
                         out.flush();
                         sleep(100);
                     }
                 }
             })) {
            OutboundSettings quick = OutboundSettings.DEFAULTS.withTimeouts(Duration.ofMillis(500), Duration.ofMillis(600));
            allowing(quick, silent, dripping);
            for (LoopbackServer slow : List.of(silent, dripping)) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> client.send(OutboundRequest.get("http://127.0.0.1:" + slow.port() + "/")))
                        .isInstanceOf(OutboundException.class)
                        .hasMessage("http://127.0.0.1:" + slow.port() + " did not answer within 600 ms (outbound.timeoutSeconds)")
                        .satisfies(t -> assertThat(((OutboundException) t).kind()).isEqualTo(VigilException.Kind.UNAVAILABLE));
                long millis = (System.nanoTime() - start) / 1_000_000;
                System.out.printf("deadline 600 ms: the call to a %s server ended after %d ms%n", slow == silent ? "silent" : "dripping", millis);
                assertThat(millis).isBetween(550L, 1_500L);
            }
        }
    }

    /** A proxy would resolve and connect on its own, past the guard: the client never uses one, whatever the JVM is told. */
    @Test
    void theSystemsProxySettingsAreIgnored() throws IOException {
        try (LoopbackServer proxy = LoopbackServer.http(x -> LoopbackServer.answer(x, 200, "proxied"));
             LoopbackServer hook = LoopbackServer.http(x -> LoopbackServer.answer(x, 200, "direct"))) {
            String host = System.getProperty("http.proxyHost");
            String port = System.getProperty("http.proxyPort");
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", Integer.toString(proxy.port()));
            try {
                assertThat(allowing(hook).send(OutboundRequest.get("http://127.0.0.1:" + hook.port() + "/")).text()).isEqualTo("direct");
            } finally {
                restore("http.proxyHost", host);
                restore("http.proxyPort", port);
            }
            assertThat(proxy.hits()).isZero();
        }
    }

    @Test
    void headersCannotBeSmuggled() {
        assertThatThrownBy(() -> OutboundRequest.get("http://example.com/").withHeader("X-Note", "a\r\nHost: 127.0.0.1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line break");
        for (String managed : List.of("Host", "Content-Length", "Transfer-Encoding", "Cookie", "Connection")) {
            assertThatThrownBy(() -> OutboundRequest.get("http://example.com/").withHeader(managed, "x")).as(managed)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set by the outbound client itself");
        }
        assertThatThrownBy(() -> OutboundRequest.get("http://example.com/").withHeader("Bad Name", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboundRequest("CONNECT", "http://example.com/", java.util.Map.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static void restore(String key, String value) {
        if (value == null) System.clearProperty(key);
        else System.setProperty(key, value);
    }

    @Test
    void aRefusedConnectionIsAClearError() throws IOException {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        client = OutboundClient.create(OutboundSettings.DEFAULTS.withAllow(OutboundAllowlist.parse("127.0.0.1:" + closedPort)));
        assertThatThrownBy(() -> client.send(OutboundRequest.get("http://127.0.0.1:" + closedPort + "/")))
                .isInstanceOf(OutboundException.class)
                .hasMessageStartingWith("could not reach http://127.0.0.1:" + closedPort + ": ")
                .satisfies(t -> assertThat(((OutboundException) t).reason()).isEqualTo(OutboundException.Reason.CONNECTION_FAILED));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
