package io.vigil.server.monitoring.live;

import io.javalin.http.Context;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.http.Params;

/** HTTP handlers of {@code GET /ml/metrics} and {@code GET /ml/models/{id}/metrics}. */
public final class LiveMetricsApi {
    private final LiveMetrics metrics;

    public LiveMetricsApi(LiveMetrics metrics) {
        this.metrics = metrics;
    }

    /** {@code GET /ml/models/{id}/metrics?window=1h&version=N}. */
    public void ofModel(Context ctx) {
        java.util.UUID id = Params.pathId(ctx, "model");
        Params p = new Params(ctx);
        String window = p.text("window", RequestLimits.NAME_LENGTH);
        int version = p.integer("version", 0, 1, Integer.MAX_VALUE);
        p.throwIfInvalid();
        ctx.json(metrics.ofModel(id, window, version == 0 ? null : version));
    }

    /** {@code GET /ml/metrics?window=1h}. */
    public void ofDeployed(Context ctx) {
        Params p = new Params(ctx);
        String window = p.text("window", RequestLimits.NAME_LENGTH);
        p.throwIfInvalid();
        ctx.json(metrics.ofDeployed(window));
    }
}
