package io.vigil.server.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.core.Json;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deploying swaps the serving model atomically: while one thread deploys versions 1 and 2 in turn,
 * clients predicting in a loop never get an error, and the slot ends up on the last deployed version.
 * The answer of a deploy or a rollback means it is in effect: the next prediction comes from the new version.
 */
class DeploySwapIT {
    static TestServer server;
    static HttpTestClient http;
    static ServingFixture fixture;
    static String modelId;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1"));
        http = server.http();
        fixture = new ServingFixture(http);
        modelId = fixture.validatedModel("swap-gbm", "intrusion", 2);
        fixture.deploy(modelId, 1);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void predictionsNeverFailWhileVersionsAreDeployedInALoop() throws Exception {
        List<Map<String, Object>> records = GeneratedFlows.features(50, 5);
        AtomicBoolean deploying = new AtomicBoolean(true);
        AtomicInteger predictions = new AtomicInteger();
        List<String> errors = new CopyOnWriteArrayList<>();
        Set<Integer> versionsSeen = ConcurrentHashMap.newKeySet();
        Runnable client = () -> {
            int i = 0;
            while (deploying.get()) {
                Map<String, Object> body = i % 2 == 0
                        ? Map.of("modelType", "intrusion", "features", records.get(i % records.size()))
                        : Map.of("modelType", "intrusion", "instances", records.subList(0, 10));
                Response r = http.postJson("/ml/predict", Json.write(body));
                if (r.status() != 200) {
                    errors.add(r.toString());
                } else {
                    versionsSeen.add(r.json().get("model").get("version").asInt());
                }
                predictions.incrementAndGet();
                i++;
            }
        };
        Thread[] clients = {new Thread(client, "client-1"), new Thread(client, "client-2")};
        for (Thread t : clients) {
            t.start();
        }
        int last = 1;
        for (int round = 0; round < 16; round++) {
            last = round % 2 == 0 ? 2 : 1;
            fixture.deploy(modelId, last);
            Thread.sleep(120);
        }
        deploying.set(false);
        for (Thread t : clients) {
            t.join();
        }
        assertThat(errors).as("errors during swaps").isEmpty();
        assertThat(predictions.get()).isPositive();
        assertThat(versionsSeen).containsExactlyInAnyOrder(1, 2);

        // the slot settles on the last deployed version
        Instant deadline = Instant.now().plusSeconds(5);
        int served;
        do {
            served = http.postJson("/ml/predict", Json.write(Map.of("modelType", "intrusion", "features", records.get(0))))
                    .json().get("model").get("version").asInt();
            assertThat(Instant.now()).as("still serving " + served).isBefore(deadline);
        } while (served != last);
    }

    @Test
    void theFirstPredictionAfterADeployOrARollbackComesFromTheVersionItPutInPlace() {
        Map<String, Object> record = GeneratedFlows.features(1, 7).get(0);
        List<String> stale = new ArrayList<>();
        for (int round = 0; round < 30; round++) {
            int target = round % 2 == 0 ? 2 : 1;
            fixture.deploy(modelId, target);
            expectServed(target, "deploy of version " + target + " in round " + round, record, stale);
        }
        for (int round = 0; round < 10; round++) {
            fixture.deploy(modelId, 1);
            fixture.deploy(modelId, 2);
            Response rolledBack = http.postJson("/ml/models/" + modelId + "/rollback", "{}");
            assertThat(rolledBack.status()).as(rolledBack.toString()).isEqualTo(200);
            expectServed(1, "rollback in round " + round, record, stale);
        }
        assertThat(stale).as("predictions answered by the replaced version").isEmpty();
    }

    @Test
    void aRetiredModelStopsAnsweringAsSoonAsTheRetireAnswers() throws Exception {
        String retiring = fixture.validatedModel("retiring-gbm", "retiring", 1);
        fixture.deploy(retiring, 1);
        Map<String, Object> record = GeneratedFlows.features(1, 8).get(0);
        List<Map<String, Object>> selectors = List.of(Map.of("modelType", "retiring"), Map.of("modelName", "retiring-gbm"),
                Map.of("modelId", retiring), Map.of("modelName", "swap-gbm"));
        for (Map<String, Object> selector : selectors) { // every answer cached, including one of another slot
            assertThat(predict(selector, record).status()).isEqualTo(200);
        }
        Response retired = http.postJson("/ml/models/" + retiring + "/retire", "{}");
        assertThat(retired.status()).as(retired.toString()).isEqualTo(200);

        assertThat(predict(selectors.get(0), record).status()).as("the slot is empty").isEqualTo(404);
        assertThat(predict(selectors.get(1), record).status()).as("by name").isEqualTo(409);
        assertThat(predict(selectors.get(2), record).status()).as("by id").isEqualTo(409);
        assertThat(predict(selectors.get(3), record).status()).as("another model").isEqualTo(200);
    }

    private static Response predict(Map<String, Object> selector, Map<String, Object> record) {
        Map<String, Object> body = new java.util.HashMap<>(selector);
        body.put("features", record);
        return http.postJson("/ml/predict", Json.write(body));
    }

    /** Predicts at once through each kind of selector that follows deployments, noting any other version. */
    private static void expectServed(int version, String after, Map<String, Object> record, List<String> stale) {
        for (Map<String, Object> selector : List.of(Map.<String, Object>of("modelType", "intrusion"),
                Map.<String, Object>of("modelName", "swap-gbm"), Map.<String, Object>of("modelId", modelId))) {
            Map<String, Object> body = new java.util.HashMap<>(selector);
            body.put("features", record);
            Response r = http.postJson("/ml/predict", Json.write(body));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            int served = r.json().get("model").get("version").asInt();
            if (served != version) {
                stale.add(after + " via " + selector.keySet() + ": version " + served);
            }
        }
    }
}
