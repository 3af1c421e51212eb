package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stalled request bodies cost no thread (issue 16, item 1). 1,000 clients send the headers of a
 * dataset upload or of a prediction and a few bytes of its body, then stall. Meanwhile another
 * client's {@code /health}, {@code /ready} and single predictions keep answering, p99 under 100 ms (or, on a
 * machine busy with other work, under 4 times the p99 measured just before without them).
 * When the body timeout has passed, every stalled body is answered 408 with a problem document and
 * its connection closed. (Before: 250 such clients took every thread, and one was answered 500 after
 * Jetty's 30 s idle timeout.)
 */
class StalledClientsIT {
    private static final int STALLED = 1000;
    private static final int BODY_TIMEOUT_SECONDS = 12;
    private static final Duration MEASURE_AT_MOST = Duration.ofSeconds(6);
    private static final int SAMPLES_PER_ENDPOINT = 300;
    private static final String PREDICTION = "{\"modelType\": \"intrusion\", \"features\": "
            + "{\"bytes\": 40, \"duration\": 0.01, \"dst_port\": 22, \"proto\": \"tcp\"}}";

    @Test
    void aThousandStalledBodiesNeitherStarveOtherClientsNorHangForever() throws Exception {
        long openFiles = openFileDescriptors()[0];
        long maxFiles = openFileDescriptors()[1];
        assertThat(maxFiles - openFiles).as("this test holds %d connections, both ends in this JVM: raise ulimit -n", STALLED)
                .isGreaterThan(2L * STALLED + 500);

        // the body reader is tested, not the rate limits: they would refuse most of 500 uploads from one key
        // before their bodies (RateLimitsIT)
        try (TestServer server = TestServer.start(Map.of("VIGIL_BODY_TIMEOUT_SECONDS", Integer.toString(BODY_TIMEOUT_SECONDS),
                "VIGIL_JOB_WORKERS", "1", "VIGIL_RATE_LIMITS_ENABLED", "false"))) {
            ServingFixture fixture = new ServingFixture(server.http());
            fixture.deploy(fixture.validatedModel("flows-gbm", "intrusion", 1), 1);
            // stalled clients are identified ones: a caller without identity is refused before its body is read
            String key = server.apiKey(io.vigil.server.auth.Role.DATA_SCIENTIST);
            Probe probe = new Probe(server.port(), key);
            probe.measure(Duration.ofSeconds(30), 200); // warm up: JIT, connection, model cache
            Map<String, long[]> baseline = probe.measure(Duration.ofSeconds(30), SAMPLES_PER_ENDPOINT);
            baseline.forEach((endpoint, micros) -> System.out.printf("%s with no stalled client: %s%n", endpoint, summary(micros)));

            List<Socket> stalled = new ArrayList<>(STALLED);
            long stalledSince = System.nanoTime();
            try {
                for (int i = 0; i < STALLED; i++) {
                    stalled.add(stall(server.port(), i % 2 == 0, key));
                }
                Map<String, long[]> latencies = probe.measure(MEASURE_AT_MOST, SAMPLES_PER_ENDPOINT);
                for (Socket s : stalled) {
                    assertThat(s.getInputStream().available()).as("a stalled client was answered during the measurement").isZero();
                }

                latencies.forEach((endpoint, micros) -> {
                    System.out.printf("%s with %d stalled clients: %s%n", endpoint, STALLED, summary(micros));
                    assertThat(micros.length).as("%s answered in %s with %d stalled clients: %s", endpoint, MEASURE_AT_MOST, STALLED,
                            summary(micros)).isGreaterThanOrEqualTo(100);
                    // 100 ms on a quiet machine; on one busy with other work, within 4 times the p99 just measured without
                    // them (starved clients wait for the 2 s client timeout, far past either)
                    double limit = Math.max(100.0, 4 * percentile(baseline.get(endpoint), 0.99) / 1000.0);
                    assertThat(percentile(micros, 0.99) / 1000.0).as(endpoint + " p99 ms with %d stalled clients: %s (limit %.0f ms)", STALLED,
                            summary(micros), limit).isLessThan(limit);
                });

                int answered408 = 0;
                for (Socket s : stalled) {
                    String answer = readAnswer(s, Duration.ofSeconds(BODY_TIMEOUT_SECONDS + 20));
                    assertThat(answer).as("answer to a stalled body").startsWith("HTTP/1.1 408 ");
                    assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
                    JsonNode problem = Json.MAPPER.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
                    assertThat(problem.get("status").asInt()).isEqualTo(408);
                    assertThat(problem.get("detail").asText()).contains("VIGIL_BODY_TIMEOUT_SECONDS");
                    answered408++;
                }
                assertThat(answered408).isEqualTo(STALLED);
                assertThat(Duration.ofNanos(System.nanoTime() - stalledSince))
                        .as("no stalled body is answered before the body timeout").isGreaterThan(Duration.ofSeconds(BODY_TIMEOUT_SECONDS - 1));
                assertThat(probe.health()).as("the server still answers afterwards").isEqualTo(200);
            } finally {
                for (Socket s : stalled) {
                    s.close();
                }
            }
        }
    }

    /** A client that sends the headers and the first bytes of its body, then nothing. */
    private static Socket stall(int port, boolean upload, String key) throws IOException {
        String request = upload
                ? "POST /ml/datasets/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + key + "\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                        + "Content-Length: 999999\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n\r\nbytes,"
                : "POST /ml/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + key + "\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
                        + "{\"modelType\": \"intr";
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Everything the server sends until it closes the connection. */
    private static String readAnswer(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                answer.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer (or no close) within " + within + "; got: " + answer, e);
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    /** The other client: one keep-alive connection, requests with a short timeout (a timeout is a failed sample). */
    private static final class Probe {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        private final String base;

        private final String key;

        Probe(int port, String key) {
            this.base = "http://127.0.0.1:" + port;
            this.key = key;
        }

        int health() throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + "/health")).GET());
        }

        /** Latencies in µs of {@code /health}, {@code /ready} and a prediction, in turns, for {@code samples} each or {@code atMost}. */
        Map<String, long[]> measure(Duration atMost, int samples) throws Exception {
            Map<String, HttpRequest.Builder> requests = new LinkedHashMap<>();
            requests.put("/health", HttpRequest.newBuilder(URI.create(base + "/health")).GET());
            requests.put("/ready", HttpRequest.newBuilder(URI.create(base + "/ready")).GET());
            requests.put("POST /ml/predict", HttpRequest.newBuilder(URI.create(base + "/ml/predict"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(PREDICTION)));
            Map<String, long[]> latencies = new LinkedHashMap<>();
            requests.keySet().forEach(k -> latencies.put(k, new long[samples]));
            long end = System.nanoTime() + atMost.toNanos();
            int taken = 0;
            while (taken < samples && System.nanoTime() < end) {
                for (Map.Entry<String, HttpRequest.Builder> r : requests.entrySet()) {
                    long start = System.nanoTime();
                    int status = send(r.getValue());
                    long micros = (System.nanoTime() - start) / 1000;
                    latencies.get(r.getKey())[taken] = status == 200 ? micros : Long.MAX_VALUE / 2;
                }
                taken++;
            }
            int n = taken;
            latencies.replaceAll((k, v) -> Arrays.copyOf(v, n));
            return latencies;
        }

        private int send(HttpRequest.Builder request) throws Exception {
            try {
                return client.send(request.setHeader("X-API-Key", key).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.net.http.HttpTimeoutException e) {
                return -1;
            }
        }
    }

    private static long percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String summary(long[] micros) {
        return String.format("n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms", micros.length, percentile(micros, 0.5) / 1000.0,
                percentile(micros, 0.99) / 1000.0, percentile(micros, 1.0) / 1000.0);
    }

    private static long[] openFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return new long[] {unix.getOpenFileDescriptorCount(), unix.getMaxFileDescriptorCount()};
        }
        return new long[] {0, Long.MAX_VALUE};
    }
}
