package io.vigil.server.http;

import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The outermost handler when metrics are on: times every request from the moment Jetty hands it
 * over to the moment its answer is complete, and records it by method, route template and status
 * ({@link HttpMeters}). The route is the one the gates matched ({@link RouteTemplates#matchOnce}):
 * no second match for a request that went through them.
 */
final class RequestTiming extends Handler.Wrapper {
    private final RouteTemplates routes;
    private final HttpMeters.RouteTimers timers;

    RequestTiming(RouteTemplates routes, HttpMeters.RouteTimers timers) {
        this.routes = routes;
        this.timers = timers;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        boolean handled = super.handle(request, response, new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                record(request, response.getStatus(), start);
                super.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                // an answer not yet begun becomes Jetty's 500
                record(request, response.isCommitted() ? response.getStatus() : 500, start);
                super.failed(failure);
            }
        });
        if (!handled) { // no handler took it: Jetty answers 404 itself
            record(request, 404, start);
        }
        return handled;
    }

    private void record(Request request, int status, long start) {
        Timer timer = timers.timer(routes.matchOnce(request), request.getMethod(), status);
        timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
}
