package io.vigil.server.instances;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.EventStreamRecorder;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Two Vigil servers on one database behave as one service: a training job that runs on either is
 * seen live by the event streams of both (relayed once, never echoed back); a deploy or rollback
 * made on one is served by the other at once (PostgreSQL {@code NOTIFY}, not the 1 s re-check), its
 * prediction cache emptied of the models involved.
 */
class ServingAcrossInstancesIT {
    private static final String FLOW = "{\"modelType\": \"flows\", \"features\": {\"bytes\": 40, \"duration\": 0.01, \"dst_port\": 22, "
            + "\"proto\": \"tcp\"}}";

    record Answer(long issuedNanos, int status, int version) {}

    @Test
    void deploysRollbacksAndLiveEventsReachTheOtherInstance() throws Exception {
        try (TestServer a = TestServer.start();
             TestServer b = TestServer.start(Map.of("VIGIL_DB_URL", a.config().dbUrl(), "VIGIL_DATA_DIR", a.dataDir().toString()))) {
            HttpTestClient onA = a.http();
            HttpTestClient onB = b.http();
            String trainingSet = upload(onA, "flows", 300, 3);
            String holdout = upload(onA, "holdout", 200, 4);
            Response model = onA.postJson("/ml/models", """
                    {"modelName": "flows", "modelType": "flows", "algorithm": "gbm", "targetVariable": "label",
                     "hyperparameters": {"rounds": 5}}""");
            assertThat(model.status()).as(model.toString()).isEqualTo(201);
            String id = model.json().get("id").asText();

            // live events: both servers' streams see the job, whichever instance's worker ran it, each event once
            EventStreamRecorder streamA = EventStreamRecorder.listen(a, "/ml/stream?modelId=" + id);
            EventStreamRecorder streamB = EventStreamRecorder.listen(b, "/ml/stream?modelId=" + id);
            String job1 = train(onA, id, trainingSet);
            for (EventStreamRecorder stream : List.of(streamA, streamB)) {
                stream.await("the job's success", e -> succeeded(e, job1), Duration.ofSeconds(10));
                stream.await("the model trained", e -> "model.state".equals(e.path("type").asText())
                        && "trained".equals(e.path("state").asText()), Duration.ofSeconds(10));
            }
            String ranOn = onA.get("/ml/jobs/" + job1).json().path("worker").asText();
            Thread.sleep(300); // an echo, if there were one, would have come by now
            for (EventStreamRecorder stream : List.of(streamA, streamB)) {
                assertThat(stream.events().stream().filter(e -> succeeded(e, job1)).count()).as("the job's success, once").isEqualTo(1);
            }
            System.out.printf("training job ran on worker %s; both servers' streams saw it (A: %d events, B: %d)%n", ranOn,
                    streamA.events().size(), streamB.events().size());
            validate(onA, id, holdout, 1);
            deploy(onA, id, 1);
            String job2 = train(onA, id, trainingSet);
            streamB.await("the second job's success", e -> succeeded(e, job2), Duration.ofSeconds(10));
            validate(onA, id, holdout, 2);

            // B serves version 1 and has it cached
            assertThat(version(onB.postJson("/ml/predict", FLOW))).isEqualTo(1);
            assertThat(version(onB.postJson("/ml/predict", FLOW))).isEqualTo(1);
            assertThat(cacheSize(onB)).isEqualTo(1);

            // deploy version 2 on A while a client predicts in a loop on B
            List<Answer> answers = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread client = new Thread(() -> {
                while (running.get()) {
                    long issued = System.nanoTime();
                    Response r = onB.postJson("/ml/predict", FLOW);
                    answers.add(new Answer(issued, r.status(), r.status() == 200 ? version(r) : -1));
                }
            });
            client.start();
            Thread.sleep(200);
            long deployed = deploy(onA, id, 2);
            long deadline = System.nanoTime() + 15_000_000_000L; // a loaded machine may answer slowly: wait for answers, not for a time
            while (answers.stream().filter(x -> x.issuedNanos() > deployed + 1_000_000_000L).count() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            running.set(false);
            client.join();
            long firstNew = answers.stream().filter(x -> x.version() == 2).mapToLong(Answer::issuedNanos).min().orElseThrow();
            long lastOld = answers.stream().filter(x -> x.version() == 1).mapToLong(Answer::issuedNanos).max().orElseThrow();
            assertThat(answers).extracting(Answer::status).containsOnly(200);
            assertThat(answers.stream().filter(x -> x.issuedNanos() > deployed + 1_000_000_000L))
                    .as("every prediction issued on B more than 1 s after the deploy answered on A").isNotEmpty()
                    .allMatch(x -> x.version() == 2);
            double newAfterMs = (firstNew - deployed) / 1e6;
            double oldUntilMs = (lastOld - deployed) / 1e6;
            System.out.printf("deploy on A: B's first prediction with the new version was issued %.1f ms after the deploy answered; "
                    + "its last with the old one %.1f ms after; %d predictions on B, none failed%n", newAfterMs, oldUntilMs, answers.size());
            assertThat(oldUntilMs).as("B served the old version until (ms after the deploy answered)").isLessThan(500);

            // rollback on A, B quiet: its cache loses the model's outputs, then it serves version 1 again
            assertThat(cacheSize(onB)).isPositive();
            long rolledBack = rollback(onA, id);
            long emptied = waitFor(() -> cacheSize(onB) == 0, Duration.ofSeconds(1));
            assertThat(version(onB.postJson("/ml/predict", FLOW))).isEqualTo(1);
            System.out.printf("rollback on A: B's prediction cache emptied of the model %.1f ms after the rollback answered; "
                    + "B's next prediction used version 1%n", (emptied - rolledBack) / 1e6);
        }
    }

    private static boolean succeeded(JsonNode e, String job) {
        return "job.state".equals(e.path("type").asText()) && job.equals(e.path("jobId").asText())
                && "succeeded".equals(e.path("state").asText());
    }

    private static String upload(HttpTestClient http, String name, int rows, long seed) {
        Response upload = http.upload("/ml/datasets/upload", name + ".csv", GeneratedFlows.csv(rows, seed),
                Map.of("name", name, "labelColumn", "label"));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        return upload.json().get("id").asText();
    }

    /** Trains and waits for the job and the model to settle; the job's id. */
    static String train(HttpTestClient http, String id, String datasetId) throws InterruptedException {
        Response train = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + datasetId + "\"}");
        assertThat(train.status()).as(train.toString()).isEqualTo(202);
        String job = train.json().get("id").asText();
        waitFor(() -> "succeeded".equals(http.get("/ml/jobs/" + job).json().get("state").asText()), Duration.ofSeconds(60));
        waitFor(() -> !"training".equals(http.get("/ml/models/" + id).json().get("status").asText()), Duration.ofSeconds(10));
        return job;
    }

    static void validate(HttpTestClient http, String id, String datasetId, int version) {
        Response validated = http.postJson("/ml/models/" + id + "/validate", "{\"datasetId\": \"" + datasetId
                + "\", \"version\": " + version + ", \"thresholds\": {\"accuracy\": 0.0}}");
        assertThat(validated.status()).as(validated.toString()).isEqualTo(200);
    }

    /** Deploys; the time ({@link System#nanoTime}) its answer came. */
    static long deploy(HttpTestClient http, String id, int version) {
        Response deploy = http.postJson("/ml/models/" + id + "/deploy", "{\"version\": " + version + "}");
        assertThat(deploy.status()).as(deploy.toString()).isEqualTo(200);
        return System.nanoTime();
    }

    private static long rollback(HttpTestClient http, String id) {
        Response rollback = http.postJson("/ml/models/" + id + "/rollback", "{}");
        assertThat(rollback.status()).as(rollback.toString()).isEqualTo(200);
        return System.nanoTime();
    }

    private static int version(Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("model").get("version").asInt();
    }

    private static long cacheSize(HttpTestClient http) {
        return http.get("/ml/serving/stats").json().get("cache").get("size").asLong();
    }

    /** The {@link System#nanoTime} at which {@code condition} held; fails after {@code limit}. */
    static long waitFor(java.util.function.BooleanSupplier condition, Duration limit) throws InterruptedException {
        long begin = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - begin > limit.toNanos()) {
                throw new AssertionError("not within " + limit.toMillis() + " ms");
            }
            Thread.sleep(2);
        }
        return System.nanoTime();
    }
}
