package io.vigil.server.monitoring.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.monitoring.LiveFixture;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.PrometheusText;
import io.vigil.server.testing.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an evaluation round costs, measured and printed (not asserted: a shared machine's timing is
 * no test): 20 global rules (four of each kind judged in rounds) over 5 deployed models with
 * predictions, feedback and drift, rounds every second, read back from
 * {@code vigil_alerts_evaluation_seconds}. The figure goes to BENCHMARKS.md.
 */
class EvaluationRoundCostIT {
    private static final int MODELS = 5;
    private static final List<String> KINDS = List.of("drift_share", "accuracy_drop", "error_rate", "latency_p99", "class_mix_shift");

    @Test
    void aRoundOfTwentyRulesOverFiveModels() throws Exception {
        try (TestServer server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1", "VIGIL_ALERTS_EVALUATE_EVERY_SECONDS", "1",
                "VIGIL_ALERTS_DRIFT_EVERY_SECONDS", "5", "VIGIL_METRICS_REFRESH_SECONDS", "1"))) {
            ServingFixture fixture = new ServingFixture(server.http());
            HttpTestClient sensor = server.anonymous().withApiKey(server.apiKey(Role.SERVICE));
            for (int m = 0; m < MODELS; m++) {
                LiveFixture.deployed(fixture, "cost-" + m, "cost-" + m);
                List<JsonNode> answers = LiveFixture.predictBatch(sensor, "cost-" + m, GeneratedFlows.features(1000, m));
                LiveFixture.awaitRecorded(server, answers.subList(0, 300));
                LiveFixture.feedback(sensor, LiveFixture.truth(answers.subList(0, 300), GeneratedFlows.rows(1000, m)));
            }
            for (int r = 0; r < 20; r++) {
                String kind = KINDS.get(r % KINDS.size());
                var created = server.http().postJson("/ml/alerts/rules", Json.write(Map.of("name", "cost-" + r, "kind", kind,
                        "window", r < 10 ? "1h" : "24h")));
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
            }
            double count0 = rounds(server, "count");
            double sum0 = rounds(server, "sum");
            Instant deadline = Instant.now().plusSeconds(60);
            while (rounds(server, "count") < count0 + 10 && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            double n = rounds(server, "count") - count0;
            double seconds = rounds(server, "sum") - sum0;
            assertThat(n).as("rounds run").isGreaterThanOrEqualTo(10);
            List<String> alerts = new ArrayList<>();
            server.http().get("/ml/alerts?state=open&size=500").json().get("items").forEach(a -> alerts.add(a.get("ruleName").asText()));
            System.out.printf("evaluation round, 20 rules x %d deployed models (%d verdicts and %d healths a round): %.1f ms a round"
                    + " (mean of %.0f rounds, max %.1f ms); %d alerts open%n", MODELS, 16 * MODELS + 4, MODELS, 1000 * seconds / n, n,
                    1000 * rounds(server, "max"), alerts.size());
        }
    }

    private static double rounds(TestServer server, String stat) {
        return PrometheusText.parse(server.anonymous().get("/metrics").text()).sum("vigil_alerts_evaluation_seconds_" + stat);
    }
}
