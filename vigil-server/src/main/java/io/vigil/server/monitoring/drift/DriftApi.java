package io.vigil.server.monitoring.drift;

import io.javalin.http.Context;
import io.vigil.engine.drift.DriftSettings;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Callers;
import io.vigil.server.http.Params;
import java.util.UUID;

/** HTTP handlers of a model's drift: {@code GET /ml/models/{id}/drift} and its settings. */
public final class DriftApi {
    private final DriftService drift;

    public DriftApi(DriftService drift) {
        this.drift = drift;
    }

    /** {@code ?window=24h} (15m, 1h, 7d, ... at most 90d) and {@code ?version=} (default: the deployed one, else the latest). */
    public void drift(Context ctx) {
        Params p = new Params(ctx);
        String window = p.text("window", 16);
        int version = p.integer("version", 0, 1, Integer.MAX_VALUE);
        p.throwIfInvalid();
        ctx.json(drift.drift(id(ctx), window, version == 0 ? null : version));
    }

    public void settings(Context ctx) {
        ctx.json(drift.settings(id(ctx)));
    }

    public void changeSettings(Context ctx) {
        UUID id = id(ctx);
        ctx.json(drift.changeSettings(id, Bodies.json(ctx, DriftSettings.class), Callers.of(ctx)));
    }

    private static UUID id(Context ctx) {
        return Params.pathId(ctx, "model");
    }
}
