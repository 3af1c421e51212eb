package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.limits.RateLimitSettings;
import io.vigil.server.limits.RateLimiter;
import io.vigil.server.limits.RouteGroup;
import io.vigil.server.testing.TestServer;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.Test;

/**
 * What the rate limits cost a prediction, measured, not asserted (a shared machine's timing is no
 * test): the buckets alone (a caller's and an address's), and all the gates add to a request — the
 * route match (shared with the identity gate and the audit trail), the group, the client's address
 * and both buckets — over the real route table, for {@code POST /ml/predict}. The figures go to
 * BENCHMARKS.md. A request is a stand-in for Jetty's (a proxy: its calls cost a little more).
 */
class RateLimitCostTest {
    private static final int WARM = 500_000;
    private static final int N = 2_000_000;

    @Test
    void theLimitsCostAPredictionLessThanAMicrosecond() throws Exception {
        List<Route> routes;
        try (TestServer server = TestServer.start()) {
            routes = server.routes();
        }
        Map<RouteGroup, RateLimitSettings.Limits> huge = new EnumMap<>(RouteGroup.class);
        for (RouteGroup g : RouteGroup.values()) {
            huge.put(g, new RateLimitSettings.Limits(100_000_000, 100_000_000)); // never refused here: only the cost is measured
        }
        RateLimiter limiter = new RateLimiter(new RateLimitSettings(true, huge), Clock.systemUTC());
        RouteTemplates table = new RouteTemplates(routes);
        Map<String, Object> attributes = new HashMap<>();
        Request request = request("POST", "/ml/predict", attributes);
        UUID caller = UUID.randomUUID();
        assertThat(RateLimitGate.groupOf(table.matchOnce(request))).isEqualTo(RouteGroup.PREDICTIONS);

        double buckets = perRequest(() -> {
            limiter.takeForAddress(RouteGroup.PREDICTIONS, "10.1.2.3");
            limiter.takeForCaller(RouteGroup.PREDICTIONS, caller);
        });
        double gates = perRequest(() -> {
            attributes.clear(); // a new request: its route is not known yet
            RouteGroup group = RateLimitGate.groupOf(table.matchOnce(request));
            limiter.takeForAddress(group, RateLimitGate.addressKey(request));
            limiter.takeForCaller(group, caller);
        });
        double match = perRequest(() -> {
            attributes.clear();
            table.matchOnce(request);
        });
        System.out.printf("rate limits on POST /ml/predict, one thread: both buckets %.3f us; route match alone %.3f us"
                + " (once a request, shared with the identity gate); the gates in all %.3f us a request (%d routes)%n",
                buckets, match, gates, routes.size());
    }

    static double perRequest(Runnable r) {
        for (int i = 0; i < WARM; i++) {
            r.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < N; i++) {
            r.run();
        }
        return (System.nanoTime() - start) / 1e3 / N;
    }

    /** A Jetty request as far as the gates read it: method, URI, attributes and the client's address. */
    static Request request(String method, String path, Map<String, Object> attributes) {
        HttpURI uri = HttpURI.from("http://127.0.0.1:8080" + path);
        Map<String, Object> onConnection = new java.util.HashMap<>(); // a kept-alive connection's, shared by its requests
        ConnectionMetaData connection = (ConnectionMetaData) Proxy.newProxyInstance(RateLimitCostTest.class.getClassLoader(),
                new Class<?>[] {ConnectionMetaData.class}, (p, m, args) -> switch (m.getName()) {
                    case "getRemoteSocketAddress" -> new InetSocketAddress("10.1.2.3", 50_000);
                    case "getAttribute" -> onConnection.get((String) args[0]);
                    case "setAttribute" -> onConnection.put((String) args[0], args[1]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (Request) Proxy.newProxyInstance(RateLimitCostTest.class.getClassLoader(), new Class<?>[] {Request.class},
                (p, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHttpURI" -> uri;
                    case "getConnectionMetaData" -> connection;
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
