package io.vigil.server.monitoring.alerts.channels;

import io.javalin.http.Context;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Callers;
import io.vigil.server.http.Params;
import java.util.Set;
import java.util.UUID;

/** HTTP handlers of {@code /ml/alerts/channels} and {@code GET /ml/alerts/deliveries}. */
public final class ChannelsApi {
    private static final Set<String> STATES = Set.of("pending", "delivered", "failed");

    private final Channels channels;

    public ChannelsApi(Channels channels) {
        this.channels = channels;
    }

    /** {@code POST /ml/alerts/channels}: 201 with the channel, and a webhook's secret this once. */
    public void create(Context ctx) {
        ChannelView.WithSecret created = channels.create(Bodies.json(ctx, ChannelRequest.class), Callers.of(ctx));
        noStore(ctx).status(201).header("Location", "/ml/alerts/channels/" + created.channel().id()).json(created);
    }

    public void list(Context ctx) {
        Params p = new Params(ctx);
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 50, 1, 500);
        p.throwIfInvalid();
        ctx.json(channels.list(page, size));
    }

    public void get(Context ctx) {
        ctx.json(channels.get(Params.pathId(ctx, "alert channel")));
    }

    /** {@code PUT /ml/alerts/channels/{id}}: the fields given change; a rotated secret is in the answer this once. */
    public void update(Context ctx) {
        UUID id = Params.pathId(ctx, "alert channel");
        noStore(ctx).json(channels.update(id, Bodies.json(ctx, ChannelRequest.class), Callers.of(ctx)));
    }

    public void delete(Context ctx) {
        channels.delete(Params.pathId(ctx, "alert channel"), Callers.of(ctx));
        ctx.status(204);
    }

    /** {@code POST /ml/alerts/channels/{id}/test}: sends a test message now; 200 with what happened, delivered or not. */
    public void test(Context ctx) {
        ctx.json(channels.test(Params.pathId(ctx, "alert channel"), Callers.of(ctx)));
    }

    /** {@code GET /ml/alerts/deliveries?alertId=&channelId=&state=}: newest first, paged. */
    public void deliveries(Context ctx) {
        Params p = new Params(ctx);
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 50, 1, 500);
        UUID alert = uuid(p, "alertId");
        UUID channel = uuid(p, "channelId");
        String state = p.oneOf("state", null, STATES);
        p.throwIfInvalid();
        ctx.json(channels.deliveries(new Delivery.Filter(alert, channel, state), page, size));
    }

    private static UUID uuid(Params p, String name) {
        String raw = p.text(name, 64);
        if (raw == null) {
            return null;
        }
        try {
            return UUID.fromString(raw.strip());
        } catch (IllegalArgumentException e) {
            p.add(name, "must be an id (a UUID)");
            return null;
        }
    }

    /** An answer that may hold a secret is kept by no cache. */
    private static Context noStore(Context ctx) {
        return ctx.header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }
}
