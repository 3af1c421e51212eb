package io.vigil.server.monitoring.feedback;

import io.javalin.http.Context;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Callers;

/** HTTP handler of {@code POST /ml/feedback}. */
public final class FeedbackApi {
    private final Feedback feedback;

    public FeedbackApi(Feedback feedback) {
        this.feedback = feedback;
    }

    public void submit(Context ctx) {
        ctx.json(feedback.submit(Bodies.json(ctx, FeedbackRequest.class), Callers.of(ctx)));
    }
}
