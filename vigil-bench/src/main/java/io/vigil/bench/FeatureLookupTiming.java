package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How long the feature store takes to answer an entity's latest values
 * ({@code GET /ml/features/{name}/entities/{key}}; the target: well under a millisecond), by
 * hand, on one server (this build): a stream definition of four window features over 5 minutes and
 * the last 10 events, 10,000 hosts with 5 events each, then {@code lookups} lookups of random hosts
 * from one client, one at a time, each timed end to end: what a caller waits, HTTP included.
 *
 * <pre>
 * java -cp vigil-bench/target/benchmarks.jar io.vigil.bench.FeatureLookupTiming [lookups=20000]
 * </pre>
 */
public final class FeatureLookupTiming {
    private FeatureLookupTiming() {}

    public static void main(String[] args) throws Exception {
        int lookups = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path jar = Path.of("vigil-server/target/vigil-server.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the server first: " + jar + " is missing");
        }
        Process server = ServingLoad.startServer(jar, "1g", Map.of("VIGIL_RATE_LIMITS_ENABLED", "false"));
        try {
            String base = ServingLoad.baseOf(server);
            ServingLoad.Api api = new ServingLoad.Api(base);
            api.awaitReady(server);
            JsonNode defined = api.json("POST", "/ml/features", "{\"name\": \"hosts\", \"source\": {\"kind\": \"stream\"}, \"spec\":"
                    + " {\"keys\": [\"host\"], \"time\": \"ts\", \"features\": [{\"kind\": \"mean\", \"column\": \"bytes\", \"window\": \"5m\"},"
                    + " {\"kind\": \"count\", \"window\": \"5m\"}, {\"kind\": \"max\", \"column\": \"bytes\", \"events\": 10},"
                    + " {\"kind\": \"diff\", \"column\": \"bytes\", \"lag\": 1}]}}");
            if (!defined.has("version")) throw new IllegalStateException("not defined: " + defined);
            long now = Instant.now().getEpochSecond();
            for (int batch = 0; batch < 10; batch++) {
                List<String> events = new ArrayList<>();
                for (int h = batch * 1000; h < (batch + 1) * 1000; h++) {
                    for (int e = 0; e < 5; e++) {
                        events.add("{\"host\": \"10.0." + (h / 250) + "." + (h % 250) + "\", \"ts\": " + (now - 60 * (5 - e)) + ", \"bytes\": "
                                + (100 + h % 50 + e) + "}");
                    }
                }
                api.json("POST", "/ml/features/hosts/events", "[" + String.join(",", events) + "]");
            }
            String key = api.serviceKey(); // lookups are the pipeline's: a service key, as a script sends it
            HttpClient http = HttpClient.newHttpClient();
            java.util.Random random = new java.util.Random(1);
            long[] took = new long[lookups];
            for (int i = -2000; i < lookups; i++) { // 2,000 to warm up
                int h = random.nextInt(10_000);
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/ml/features/hosts/entities/10.0." + (h / 250) + "." + (h % 250)));
                b.header("X-API-Key", key);
                long begin = System.nanoTime();
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                long elapsed = System.nanoTime() - begin;
                if (r.statusCode() != 200) throw new IllegalStateException(r.statusCode() + " " + r.body());
                if (i >= 0) took[i] = elapsed;
            }
            Arrays.sort(took);
            System.out.printf("entity lookups x %d over HTTP: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms%n", lookups, took[lookups / 2] / 1e6,
                    took[(int) (lookups * 0.9)] / 1e6, took[(int) (lookups * 0.99)] / 1e6);
        } finally {
            ServingLoad.stopServer(server);
        }
    }
}
