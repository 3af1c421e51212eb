package io.vigil.server.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Two Vigil servers on one database: a threshold changed on one while a client predicts in a loop
 * on the other is in force there within a second, and no prediction fails meanwhile.
 */
class ThresholdsAcrossServersIT {
    private static final String FLOW = "{\"modelType\": \"flows\", \"features\": {\"bytes\": 40, \"duration\": 0.01, \"dst_port\": 22, "
            + "\"proto\": \"tcp\"}}";

    @Test
    void aThresholdChangedOnOneServerIsInForceOnTheOtherWithinASecondWithoutAFailedPrediction() throws Exception {
        try (TestServer one = TestServer.start()) {
            deployAModel(one.http());
            try (TestServer two = TestServer.start(Map.of("VIGIL_DB_URL", one.config().dbUrl(), "VIGIL_DATA_DIR",
                    one.dataDir().toString()))) {
                HttpTestClient there = two.http();
                assertThat(there.postJson("/ml/predict", FLOW).status()).isEqualTo(200);
                List<Integer> statuses = new CopyOnWriteArrayList<>();
                AtomicBoolean running = new AtomicBoolean(true);
                Thread client = new Thread(() -> {
                    while (running.get()) {
                        statuses.add(there.postJson("/ml/predict", FLOW).status());
                    }
                });
                client.start();
                Thread.sleep(300);

                long begin = System.nanoTime();
                Response changed = one.http().send("PUT", "/ml/config/thresholds?reason=noisy", "application/json", """
                        {"default": {"event": 0.5, "critical": 0.9, "divergenceMargin": 0.5},
                         "modelTypes": {"flows": {"event": 0.8, "critical": 0.95, "divergenceMargin": 0.25}}}"""
                        .getBytes(StandardCharsets.UTF_8));
                assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
                int revision = changed.json().get("revision").asInt();
                Instant deadline = Instant.now().plus(Duration.ofSeconds(1));
                Response seen;
                do {
                    seen = there.get("/ml/config/thresholds");
                } while (seen.json().get("revision").asInt() != revision && Instant.now().isBefore(deadline));
                long millis = (System.nanoTime() - begin) / 1_000_000;
                assertThat(seen.json().get("revision").asInt()).as("revision in force on the other server after %d ms", millis)
                        .isEqualTo(revision);
                assertThat(seen.json().at("/value/modelTypes/flows/event").asDouble()).isEqualTo(0.8);
                Thread.sleep(300);
                running.set(false);
                client.join();
                assertThat(statuses).hasSizeGreaterThan(10).containsOnly(200);
                System.out.printf("threshold changed on one server, in force on the other after %d ms; %d predictions there, none failed%n",
                        millis, statuses.size());
            }
        }
    }

    private static void deployAModel(HttpTestClient http) throws InterruptedException {
        Response upload = http.upload("/ml/datasets/upload", "flows.csv", GeneratedFlows.csv(300, 3),
                Map.of("name", "flows", "labelColumn", "label"));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        Response model = http.postJson("/ml/models", """
                {"modelName": "flows", "modelType": "flows", "algorithm": "gbm", "targetVariable": "label",
                 "hyperparameters": {"rounds": 5}}""");
        assertThat(model.status()).as(model.toString()).isEqualTo(201);
        String id = model.json().get("id").asText();
        Response train = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + upload.json().get("id").asText() + "\"}");
        assertThat(train.status()).as(train.toString()).isEqualTo(202);
        String job = train.json().get("id").asText();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!"succeeded".equals(http.get("/ml/jobs/" + job).json().get("state").asText())) {
            assertThat(Instant.now()).as("training finished").isBefore(deadline);
            Thread.sleep(50);
        }
        while ("training".equals(http.get("/ml/models/" + id).json().get("status").asText())) {
            Thread.sleep(20);
        }
        Response holdout = http.upload("/ml/datasets/upload", "holdout.csv", GeneratedFlows.csv(200, 4),
                Map.of("name", "holdout", "labelColumn", "label"));
        Response validated = http.postJson("/ml/models/" + id + "/validate", "{\"datasetId\": \"" + holdout.json().get("id").asText()
                + "\", \"version\": 1, \"thresholds\": {\"accuracy\": 0.0}}");
        assertThat(validated.status()).as(validated.toString()).isEqualTo(200);
        Response deploy = http.postJson("/ml/models/" + id + "/deploy", "{\"version\": 1}");
        assertThat(deploy.status()).as(deploy.toString()).isEqualTo(200);
    }
}
