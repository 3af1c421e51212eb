package io.vigil.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.vigil.server.core.Json;
import io.vigil.server.http.Bodies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

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

    /** {@code GET /health}: always UP while the process answers. */
    public record Health(String status, String version, long uptimeSeconds) {}

    /** {@code GET /ready}: UP when every check is; each check's outcome by name. */
    public record Readiness(String status, Map<String, CheckResult> checks) {}

    /** One dependency's answer: UP or DOWN (with why), and how long it took. */
    public record CheckResult(String status, @JsonInclude(JsonInclude.Include.NON_NULL) String error, double latencyMs) {}

    /** {@code GET /v2/health/ready}, in the Open Inference Protocol's shape. */
    public record ProtocolReadiness(boolean ready) {}

    public void health(Context ctx) {
        Health body = new Health("UP", version, Duration.between(startedAt, clock.instant()).toSeconds());
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
        ctx.status(ready ? 200 : 503).json(new ProtocolReadiness(ready));
    }

    public void ready(Context ctx) {
        Map<String, CheckResult> results = new LinkedHashMap<>();
        boolean ready = true;
        for (var entry : new TreeMap<>(checks).entrySet()) {
            long start = System.nanoTime();
            String error = null;
            try {
                entry.getValue().run();
            } catch (Exception e) {
                ready = false;
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            results.put(entry.getKey(), new CheckResult(error == null ? "UP" : "DOWN", error, (System.nanoTime() - start) / 1_000_000.0));
        }
        ctx.status(ready ? 200 : 503).json(new Readiness(ready ? "UP" : "DOWN", results));
    }
}
