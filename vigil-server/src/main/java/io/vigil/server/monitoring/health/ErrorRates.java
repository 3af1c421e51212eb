package io.vigil.server.monitoring.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * The share of this instance's prediction requests answered with a server error (5xx), over a
 * window: read from the HTTP layer's request timers ({@code vigil_http_requests_seconds} by route
 * and status), sampled every {@code metrics.refreshSeconds}, and a window's figure is the
 * difference between now and the sample at its start. The prediction routes do not say which model
 * a request was for ({@code /ml/predict} picks it by type), so this is the server's figure, not a
 * model's. Unknown when metrics are off.
 */
public final class ErrorRates {
    /** The HTTP layer's request timer ({@code http.HttpMeters}). */
    static final String HTTP_REQUESTS = "vigil.http.requests";
    /** The routes that score. */
    static final Set<String> PREDICTION_ROUTES = Set.of("/ml/predict", "/ml/models/{id}/predict", "/ml/models/{id}/batch-predict",
            "/v2/models/{name}/infer", "/v2/models/{name}/versions/{version}/infer");
    /** Samples kept: two days at the default refresh of 15 s. */
    static final int MAX_SAMPLES = 11_520;

    /**
     * Prediction requests and server errors over a span.
     *
     * @param since when the span starts: the window's start, or the oldest sample when this instance has not run as long
     */
    public record Rate(long requests, long errors, Instant since) {
        public double share() {
            return requests == 0 ? 0 : (double) errors / requests;
        }
    }

    private record Sample(Instant at, long requests, long errors) {}

    private final MeterRegistry registry;
    private final boolean enabled;
    private final Clock clock;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>(); // guarded by itself

    /** @param enabled whether the HTTP layer times requests ({@code metrics.enabled}) */
    public ErrorRates(MeterRegistry registry, boolean enabled, Clock clock) {
        this.registry = registry;
        this.enabled = enabled;
        this.clock = clock;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Takes a sample of the counts now (on the metrics thread). */
    public void sample() {
        Sample now = read();
        synchronized (samples) {
            samples.addLast(now);
            while (samples.size() > MAX_SAMPLES) {
                samples.removeFirst();
            }
        }
    }

    /** The requests and errors of the last {@code window}; empty when metrics are off or no sample was taken yet. */
    public Optional<Rate> over(Duration window) {
        if (!enabled) {
            return Optional.empty();
        }
        Sample now = read();
        Instant start = now.at().minus(window);
        Sample base = null;
        synchronized (samples) {
            for (Iterator<Sample> it = samples.iterator(); it.hasNext(); ) {
                Sample s = it.next();
                if (base == null || !s.at().isAfter(start)) {
                    base = s; // the newest sample at or before the start, else the oldest
                }
                if (s.at().isAfter(start)) {
                    break;
                }
            }
        }
        if (base == null) {
            return Optional.empty();
        }
        return Optional.of(new Rate(Math.max(0, now.requests() - base.requests()), Math.max(0, now.errors() - base.errors()),
                base.at().isBefore(start) ? start : base.at()));
    }

    private Sample read() {
        long requests = 0;
        long errors = 0;
        for (Timer t : registry.find(HTTP_REQUESTS).timers()) {
            if (PREDICTION_ROUTES.contains(t.getId().getTag("route"))) {
                long n = t.count();
                requests += n;
                String status = t.getId().getTag("status");
                if (status != null && status.startsWith("5")) {
                    errors += n;
                }
            }
        }
        return new Sample(clock.instant(), requests, errors);
    }
}
