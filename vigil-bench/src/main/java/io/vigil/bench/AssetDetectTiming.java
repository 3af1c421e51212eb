package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How long {@code POST /ml/anomaly/detect} takes for 100 points (the infrastructure-monitoring
 * document's target: well under 100 ms), end to end over HTTP on one server (this build): an asset
 * with a day of minute-by-minute history of three metrics, then {@code requests} detections of 100
 * new points each, scored by the statistical fallback against that history and stored (scores,
 * events) but not kept as metrics ({@code "store": false}, so every request sees the same history).
 *
 * <pre>
 * java -cp vigil-bench/target/benchmarks.jar io.vigil.bench.AssetDetectTiming [requests=200] [points=100]
 * </pre>
 */
public final class AssetDetectTiming {
    private AssetDetectTiming() {}

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int points = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path jar = Path.of("vigil-server/target/vigil-server.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the server first: " + jar + " is missing");
        }
        Process server = ServingLoad.startServer(jar, "1g", Map.of("VIGIL_RATE_LIMITS_ENABLED", "false"));
        try {
            ServingLoad.Api api = new ServingLoad.Api(ServingLoad.baseOf(server));
            api.awaitReady(server);
            Random random = new Random(1);
            Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(24));
            for (int batch = 0; batch < 1440; batch += 480) {
                List<String> items = new ArrayList<>();
                for (int m = batch; m < batch + 480; m++) {
                    items.add(point(start.plus(Duration.ofMinutes(m)), random));
                }
                api.json("POST", "/ml/assets/bench-01/metrics", "[" + String.join(",", items) + "]");
            }
            long[] took = new long[requests];
            for (int r = -20; r < requests; r++) { // 20 to warm up
                List<String> items = new ArrayList<>();
                for (int p = 0; p < points; p++) {
                    items.add(point(start.plus(Duration.ofMinutes(1440 + p)), random));
                }
                String body = "{\"assetId\": \"bench-01\", \"store\": false, \"points\": [" + String.join(",", items) + "]}";
                long begin = System.nanoTime();
                JsonNode answer = api.json("POST", "/ml/anomaly/detect", body);
                long elapsed = System.nanoTime() - begin;
                if (answer.path("scored").asInt() != points) {
                    throw new IllegalStateException("unexpected answer: " + answer);
                }
                if (r >= 0) took[r] = elapsed;
            }
            Arrays.sort(took);
            System.out.printf("detect %d points x %d requests: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", points, requests,
                    took[requests / 2] / 1e6, took[(int) (requests * 0.9)] / 1e6, took[(int) (requests * 0.99)] / 1e6,
                    took[requests - 1] / 1e6);
        } finally {
            ServingLoad.stopServer(server);
        }
    }

    private static String point(Instant at, Random random) {
        return String.format(java.util.Locale.ROOT, "{\"timestamp\": \"%s\", \"values\": {\"cpu\": %.4f, \"memory\": %.4f, \"net_in\": %.1f}}",
                at, 0.4 + 0.05 * random.nextGaussian(), 0.6 + 0.02 * random.nextGaussian(), 1000 + 100 * random.nextGaussian());
    }
}
