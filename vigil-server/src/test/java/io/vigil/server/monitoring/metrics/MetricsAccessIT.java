package io.vigil.server.monitoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.auth.Access;
import io.vigil.server.auth.Role;
import io.vigil.server.http.Route;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may read {@code GET /metrics} ({@code metrics.public}, {@code metrics.access}), and {@code metrics.enabled: false}. */
class MetricsAccessIT {

    @Test
    void closedMetricsNeedTheReadRightByDefault() {
        try (TestServer server = TestServer.start(Map.of("VIGIL_METRICS_PUBLIC", "false"))) {
            assertThat(metricsRoute(server).access()).isEqualTo(Access.READ);
            Response anonymous = server.anonymous().get("/metrics");
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.contentType()).startsWith("application/problem+json");
            assertThat(server.as(Role.SERVICE).get("/metrics").status()).isEqualTo(403);
            Response analyst = server.as(Role.ANALYST).get("/metrics");
            assertThat(analyst.status()).isEqualTo(200);
            assertThat(analyst.text()).contains("vigil_http_requests_seconds_count");
        }
    }

    @Test
    void anAdminMayLetServiceKeysScrape() {
        try (TestServer server = TestServer.start(Map.of("VIGIL_METRICS_PUBLIC", "false", "VIGIL_METRICS_ACCESS", "predict"))) {
            assertThat(server.anonymous().get("/metrics").status()).isEqualTo(401);
            String key = server.apiKey(Role.SERVICE);
            assertThat(server.anonymous().withApiKey(key).get("/metrics").status()).isEqualTo(200);
        }
    }

    @Test
    void metricsTurnedOffAnswer404AndMeasureNothing() {
        try (TestServer server = TestServer.start(Map.of("VIGIL_METRICS_ENABLED", "false"))) {
            Response r = server.anonymous().get("/metrics");
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("detail").asText()).contains("metrics.enabled");
            assertThat(server.http().get("/health").status()).isEqualTo(200); // the rest answers as ever
        }
    }

    private static Route metricsRoute(TestServer server) {
        return server.routes().stream().filter(r -> r.path().equals("/metrics")).findFirst().orElseThrow();
    }
}
