package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.server.auth.Access;
import io.vigil.server.limits.RouteGroup;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP meters' labels and their cache: one timer per method, route template and status, found without building tags. */
class HttpMetersTest {
    private final Route predict = Route.post("/ml/predict", Access.PREDICT, ctx -> { });
    private final Route model = Route.get("/ml/models/{id}", Access.READ, ctx -> { });
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HttpMeters.RouteTimers timers = new HttpMeters(registry).timers(List.of(predict, model));

    @Test
    void oneTimerPerRouteMethodAndStatusFoundAgainWithoutALookup() {
        Timer ok = timers.timer(predict, "POST", 200);
        assertThat(timers.timer(predict, "POST", 200)).isSameAs(ok);
        assertThat(timers.timer(predict, "POST", 422)).isNotSameAs(ok);
        assertThat(ok.getId().getTags()).extracting(t -> t.getKey() + "=" + t.getValue())
                .containsExactly("method=POST", "route=/ml/predict", "status=200");
        assertThat(timers.timer(model, "HEAD", 200).getId().getTag("method")).isEqualTo("HEAD");
        assertThat(timers.timer(model, "GET", 200).getId().getTag("route")).isEqualTo("/ml/models/{id}");
        assertThat(registry.find(HttpMeters.REQUESTS).timers()).hasSize(4);
    }

    @Test
    void requestsForNoRouteShareOneLabelAndInventedMethodsAnother() {
        Timer get404 = timers.timer(null, "GET", 404);
        assertThat(get404.getId().getTag("route")).isEqualTo("unmatched");
        assertThat(timers.timer(null, "GET", 404)).isSameAs(get404);
        assertThat(timers.timer(null, "BREW", 405).getId().getTag("method")).isEqualTo("other");
        assertThat(timers.timer(null, "get", 404).getId().getTag("method")).isEqualTo("other");
        assertThat(timers.timer(null, "POTATO", 405)).isSameAs(timers.timer(null, "BREW", 405));
    }

    @Test
    void refusalsAreCountedFromZero() {
        HttpMeters meters = new HttpMeters(registry);
        assertThat(registry.find("vigil.rate.limit.refusals").counters()).hasSize(RouteGroup.values().length * 2)
                .allSatisfy(c -> assertThat(c.count()).isZero());
        meters.rateLimited(RouteGroup.PREDICTIONS, RateLimitGate.Side.CALLER);
        meters.authRefused(HttpMeters.AUTH_FORBIDDEN);
        assertThat(registry.get("vigil.rate.limit.refusals").tags("group", "predictions", "side", "caller").counter().count()).isEqualTo(1);
        assertThat(registry.get("vigil.auth.refusals").tag("reason", "forbidden").counter().count()).isEqualTo(1);
        HttpMeters.NONE.rateLimited(RouteGroup.OTHER, RateLimitGate.Side.ADDRESS); // no registry: nothing, no failure
        HttpMeters.NONE.authRefused(HttpMeters.AUTH_MISSING);
    }
}
