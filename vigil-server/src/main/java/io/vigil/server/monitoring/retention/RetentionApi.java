package io.vigil.server.monitoring.retention;

import io.javalin.http.Context;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Callers;
import io.vigil.server.http.Params;

/** HTTP handlers of {@code GET} and {@code PUT /ml/models/{id}/retention}. */
public final class RetentionApi {
    private final ModelRetention retention;

    public RetentionApi(ModelRetention retention) {
        this.retention = retention;
    }

    public void get(Context ctx) {
        ctx.json(retention.get(Params.pathId(ctx, "model")));
    }

    public void set(Context ctx) {
        java.util.UUID id = Params.pathId(ctx, "model");
        ctx.json(retention.set(id, Bodies.json(ctx, ModelRetention.Change.class), Callers.of(ctx)));
    }
}
