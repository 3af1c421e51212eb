package io.vigil.server.monitoring.retraining;

import io.javalin.http.Context;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Callers;
import io.vigil.server.http.Params;
import java.util.UUID;

/** HTTP handlers of a model's retraining: its policy, its history of triggers, and a run now. */
public final class RetrainingApi {
    private final RetrainingService retraining;

    public RetrainingApi(RetrainingService retraining) {
        this.retraining = retraining;
    }

    public void policy(Context ctx) {
        ctx.json(retraining.policy(id(ctx)));
    }

    public void setPolicy(Context ctx) {
        UUID id = id(ctx);
        ctx.json(retraining.setPolicy(id, Bodies.json(ctx, RetrainingPolicy.class), Callers.of(ctx)));
    }

    /** {@code ?page=1&size=20}. */
    public void history(Context ctx) {
        Params p = new Params(ctx);
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 20, 1, 500);
        p.throwIfInvalid();
        ctx.json(retraining.history(id(ctx), page, size));
    }

    /** 202 with the trigger: the training is queued; its outcome comes in the history. */
    public void run(Context ctx) {
        UUID id = id(ctx);
        ctx.status(202).json(retraining.run(id, Callers.of(ctx)));
    }

    private static UUID id(Context ctx) {
        return Params.pathId(ctx, "model");
    }
}
