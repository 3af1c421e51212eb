package io.vigil.server.monitoring.experiments;

import io.javalin.http.Context;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Callers;
import io.vigil.server.http.Params;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** HTTP handlers of {@code /ml/experiments}. */
public final class ExperimentsApi {
    private static final Set<String> STATUSES = Arrays.stream(ExperimentStatus.values()).map(ExperimentStatus::wire)
            .collect(Collectors.toSet());

    private final Experiments experiments;

    public ExperimentsApi(Experiments experiments) {
        this.experiments = experiments;
    }

    /** {@code POST /ml/experiments}: 201 with the experiment and its (empty) figures. */
    public void start(Context ctx) {
        Experiments.Detail d = experiments.start(Bodies.json(ctx, ExperimentRequest.class), Callers.of(ctx));
        ctx.status(201).header("Location", "/ml/experiments/" + d.experiment().id()).json(d);
    }

    /** {@code GET /ml/experiments?status=&modelType=&page=&size=}. */
    public void list(Context ctx) {
        Params p = new Params(ctx);
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 20, 1, 500);
        String status = p.oneOf("status", null, STATUSES);
        String type = p.text("modelType", RequestLimits.MODEL_NAME_LENGTH);
        p.throwIfInvalid();
        ctx.json(experiments.list(status, type, page, size));
    }

    /** {@code GET /ml/experiments/{id}}: with each arm's figures now while it runs. */
    public void get(Context ctx) {
        ctx.json(experiments.get(Params.pathId(ctx, "experiment")));
    }

    /** {@code POST /ml/experiments/{id}/stop}. */
    public void stop(Context ctx) {
        ctx.json(experiments.stop(Params.pathId(ctx, "experiment"), Callers.of(ctx)));
    }

    /** {@code POST /ml/experiments/{id}/promote}. */
    public void promote(Context ctx) {
        ctx.json(experiments.promote(Params.pathId(ctx, "experiment"), Callers.of(ctx)));
    }
}
