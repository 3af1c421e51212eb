package io.vigil.server.api;

import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Liveness ({@code /health}) and readiness ({@code /ready}: the database and storage answer). */
public final class HealthApi {
    /** A dependency that must answer for Vigil to be ready; throws when it does not. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    private final Map<String, Check> checks;
    private final Clock clock;
    private final Instant startedAt;
    private final String version;

    public HealthApi(Map<String, Check> checks, Clock clock, String version) {
        this.checks = Map.copyOf(checks);
        this.clock = clock;
        this.startedAt = clock.instant();
        this.version = version;
    }

    public void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("version", version);
        body.put("uptimeSeconds", Duration.between(startedAt, clock.instant()).toSeconds());
        // written straight out like a prediction: probes call it often, and the load benchmark
        // compares predictions with it, so both answers take the same path
        Bodies.send(ctx, ContentType.JSON, Json.bytes(body));
    }

    /** Open Inference Protocol v2 readiness: the same checks, in that protocol's shape. */
    public void readyV2(Context ctx) {
        boolean ready = checks.values().stream().allMatch(check -> {
            try {
                check.run();
                return true;
            } catch (Exception e) {
                return false;
            }
        });
        ctx.status(ready ? 200 : 503).json(Map.of("ready", ready));
    }

    public void ready(Context ctx) {
        Map<String, Object> results = new LinkedHashMap<>();
        boolean ready = true;
        for (var entry : new java.util.TreeMap<>(checks).entrySet()) {
            long start = System.nanoTime();
            Map<String, Object> result = new LinkedHashMap<>();
            try {
                entry.getValue().run();
                result.put("status", "UP");
            } catch (Exception e) {
                ready = false;
                result.put("status", "DOWN");
                result.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            result.put("latencyMs", (System.nanoTime() - start) / 1_000_000.0);
            results.put(entry.getKey(), result);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "UP" : "DOWN");
        body.put("checks", results);
        ctx.status(ready ? 200 : 503).json(body);
    }
}
