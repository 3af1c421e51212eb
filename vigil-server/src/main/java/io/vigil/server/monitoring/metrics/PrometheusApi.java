package io.vigil.server.monitoring.metrics;

import io.javalin.http.Context;
import io.vigil.server.auth.Access;
import io.vigil.server.core.VigilException;
import io.vigil.server.http.Bodies;

/**
 * {@code GET /metrics}: every meter in Prometheus' text format (or OpenMetrics, when the scraper
 * asks for it in {@code Accept}). Open to anyone by default, like {@code /health}
 * ({@code metrics.public}); with {@code metrics.public: false} it needs {@code metrics.access}
 * (by default {@code read}). With {@code metrics.enabled: false} it answers 404.
 */
public final class PrometheusApi {
    private final VigilMetrics metrics;

    public PrometheusApi(VigilMetrics metrics) {
        this.metrics = metrics;
    }

    /** What the route needs, from the settings. */
    public Access access() {
        return metrics.settings().routeAccess();
    }

    public void scrape(Context ctx) {
        if (!metrics.enabled()) {
            throw VigilException.notFound("metrics are turned off on this server (metrics.enabled, VIGIL_METRICS_ENABLED)");
        }
        VigilMetrics.Scrape scrape = metrics.scrape(ctx.header("Accept"));
        ctx.header("Cache-Control", "no-store");
        Bodies.send(ctx, scrape.contentType(), scrape.body());
    }
}
