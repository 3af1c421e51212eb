package io.vigil.server.monitoring.metrics;

import io.vigil.server.auth.Access;
import java.time.Duration;

/**
 * The {@code metrics.*} settings.
 *
 * @param enabled       meters are kept and {@code GET /metrics} answers; false: nothing is measured and it answers 404
 * @param open          {@code GET /metrics} needs no identity (like {@code /health}); false: it needs {@code access}
 * @param access        what a caller needs when it is not open (by default {@code read}: analysts, data scientists, admins)
 * @param refresh       how often the gauges that cost a query (the job queue) or a lock (loaded models) are read again
 */
public record MetricsSettings(boolean enabled, boolean open, Access access, Duration refresh) {
    public MetricsSettings {
        if (access == null || access == Access.PUBLIC) {
            throw new IllegalArgumentException("metrics.access names what a caller needs when metrics.public is false: not public");
        }
    }

    /** On and open, the gauges read every 15 s. */
    public static MetricsSettings defaults() {
        return new MetricsSettings(true, true, Access.READ, Duration.ofSeconds(15));
    }

    /** What {@code GET /metrics} needs. */
    public Access routeAccess() {
        return open ? Access.PUBLIC : access;
    }
}
