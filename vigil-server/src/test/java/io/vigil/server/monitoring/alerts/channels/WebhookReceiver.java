package io.vigil.server.monitoring.alerts.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vigil.server.core.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP receiver on loopback (the JDK's server), standing for a SOC's webhook endpoint or
 * Slack: it records every request, and answers as its {@link Behaviour} says (fine, failing, slow).
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as it arrived. */
    public record Seen(String method, String path, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue().get(0);
                }
            }
            return null;
        }

        public JsonNode json() {
            return Json.readTree(new String(body, StandardCharsets.UTF_8));
        }

        /** What a receiver does (README): HMAC-SHA256 with the secret over "timestamp.body", compared with the header. */
        public boolean signedWith(String secret) throws GeneralSecurityException {
            String timestamp = header("X-Vigil-Timestamp");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            String given = header("X-Vigil-Signature");
            return given != null
                    && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** How the receiver answers its {@code n}-th request (from 1). */
    public interface Behaviour {
        void answer(HttpExchange exchange, int n) throws IOException;
    }

    public static final Behaviour OK = (exchange, n) -> answer(exchange, 200, "ok");
    static final Behaviour FAILS = (exchange, n) -> answer(exchange, 503, "down for maintenance");

    static Behaviour failing(int times) {
        return (exchange, n) -> answer(exchange, n <= times ? 500 : 200, n <= times ? "boom " + n : "ok");
    }

    static Behaviour sleeping(Duration sleep) {
        return (exchange, n) -> {
            try {
                Thread.sleep(sleep.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "late");
        };
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "webhook-receiver");
        t.setDaemon(true);
        return t;
    });
    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();

    public WebhookReceiver(Behaviour behaviour) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 100);
        server.createContext("/", exchange -> {
            try {
                byte[] body = exchange.getRequestBody().readAllBytes();
                seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), Map.copyOf(exchange.getRequestHeaders()),
                        body));
                behaviour.answer(exchange, count.incrementAndGet());
            } catch (IOException e) {
                // the client went away (its deadline): nothing to answer
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** {@code 127.0.0.1:<port>}: the entry {@code outbound.allow} needs for it. */
    public String allowEntry() {
        return "127.0.0.1:" + port();
    }

    public int hits() {
        return seen.size();
    }

    static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Waits for {@code condition}, failing with {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
