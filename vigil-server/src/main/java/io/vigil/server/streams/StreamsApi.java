package io.vigil.server.streams;

import io.javalin.http.Context;
import java.util.Map;

/** {@code GET /ml/streams} and {@code GET /ml/streams/{name}}: each stream's state, lag, rate and errors on this instance. */
public final class StreamsApi {
    private final Streams streams;

    public StreamsApi(Streams streams) {
        this.streams = streams;
    }

    public void list(Context ctx) {
        ctx.json(Map.of("items", streams.list()));
    }

    public void get(Context ctx) {
        ctx.json(streams.get(ctx.pathParam("name")));
    }
}
