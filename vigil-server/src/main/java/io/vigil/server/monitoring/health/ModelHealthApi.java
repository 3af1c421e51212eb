package io.vigil.server.monitoring.health;

import io.javalin.http.Context;
import io.vigil.server.http.Params;

/** HTTP handler of {@code GET /ml/models/{id}/health}. */
public final class ModelHealthApi {
    private final ModelHealth health;

    public ModelHealthApi(ModelHealth health) {
        this.health = health;
    }

    public void health(Context ctx) {
        ctx.json(health.of(Params.pathId(ctx, "model")));
    }

    /** {@code GET /ml/health}: every deployed model's. */
    public void overview(Context ctx) {
        ctx.json(health.ofDeployed());
    }
}
