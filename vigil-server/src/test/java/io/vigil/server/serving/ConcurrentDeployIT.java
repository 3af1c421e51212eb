package io.vigil.server.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deploys and rollbacks of one detection slot racing each other: every call answers (200, or 409
 * when its move no longer applies), never 500, and the slot always ends with one active deployment.
 */
class ConcurrentDeployIT {
    static TestServer server;
    static HttpTestClient http;
    static String first;
    static String second;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1", "VIGIL_DB_POOL_SIZE", "10"));
        http = server.http();
        ServingFixture fixture = new ServingFixture(http);
        first = fixture.validatedModel("race-a", "race", 1);
        second = fixture.validatedModel("race-b", "race", 1);
        fixture.deploy(first, 1);
        fixture.deploy(second, 1); // so that a rollback has somewhere to go from the start
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void twoDeploysAndARollbackInParallelNeverFail() throws Exception {
        List<String> failures = new CopyOnWriteArrayList<>();
        int[] statuses = new int[600];
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 40; round++) {
                CyclicBarrier together = new CyclicBarrier(3);
                String rolledBack = round % 2 == 0 ? first : second;
                List<Supplier<Response>> calls = List.of(
                        () -> http.postJson("/ml/models/" + first + "/deploy", "{\"version\": 1}"),
                        () -> http.postJson("/ml/models/" + second + "/deploy", "{\"version\": 1}"),
                        () -> http.postJson("/ml/models/" + rolledBack + "/rollback", "{}"));
                List<Future<Response>> answers = new ArrayList<>();
                for (Supplier<Response> call : calls) {
                    answers.add(pool.submit(() -> {
                        together.await();
                        return call.get();
                    }));
                }
                for (Future<Response> answer : answers) {
                    Response r = answer.get();
                    statuses[r.status()]++;
                    if (r.status() != 200 && r.status() != 409) {
                        failures.add("round " + round + ": " + r);
                    }
                }
                assertThat(activeDeployments()).as("active deployments after round " + round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as("answers other than 200 or 409").isEmpty();
        assertThat(statuses[200]).as("successful moves").isGreaterThanOrEqualTo(80);
        long deployed = List.of(first, second).stream()
                .filter(id -> "deployed".equals(http.get("/ml/models/" + id).json().get("status").asText())).count();
        assertThat(deployed).as("models in state deployed").isEqualTo(1);
    }

    private static int activeDeployments() {
        int active = 0;
        for (String id : List.of(first, second)) {
            for (JsonNode d : http.get("/ml/models/" + id + "/deployments").json()) {
                if (d.get("active").asBoolean()) {
                    active++;
                }
            }
        }
        return active;
    }
}
