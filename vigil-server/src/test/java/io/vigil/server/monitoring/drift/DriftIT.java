package io.vigil.server.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.bundle.ModelBundle;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.storage.BlobInfo;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.BlobStores;
import io.vigil.server.storage.BlobWriter;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.NslKddFiles;
import io.vigil.server.testing.SharedData;
import io.vigil.server.testing.TestPostgres;
import io.vigil.server.testing.TestServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drift on a real server, both ways, on NSL-KDD: two models trained on the first 20,000 rows of
 * KDDTrain+ (a held-out fifth evaluated); 10,000 rows of KDDTest+ streamed through one (attack types
 * training never saw) are flagged, 10,000 KDDTrain+ rows never uploaded streamed through the other
 * are not. Then the answers around it: settings, bad requests, a version without a profile.
 */
class DriftIT {
    static final int TRAIN_ROWS = 20_000;
    static final int STREAMED = 10_000;
    static TestServer server;
    static HttpTestClient http;
    static String drifting;
    static String steady;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1", "VIGIL_SERVING_RECORD_QUEUE", "100000",
                "VIGIL_SERVING_RECORD_RATE", "1000000"));
        http = server.http();
        List<String> train = Files.readAllLines(SharedData.file("nsl-kdd/KDDTrain+.txt"), StandardCharsets.UTF_8);
        Response upload = http.upload("/ml/datasets/upload", "kdd-train-20k.txt",
                String.join("\n", train.subList(0, TRAIN_ROWS)).getBytes(StandardCharsets.UTF_8),
                Map.of("name", "kdd-train-20k", "columns", NslKddFiles.COLUMNS, "labelColumn", "label", "format", "csv"));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        String dataset = upload.json().get("id").asText();
        drifting = trainedModel("kdd-drift-test", dataset);
        steady = trainedModel("kdd-drift-train", dataset);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void kddTestPlusIsFlaggedAndHeldOutKddTrainRowsAreNot() throws Exception {
        JsonNode before = drift(steady, "1h").json();
        assertThat(before.get("liveRows").asInt()).isZero();
        assertThat(before.get("status").asText()).isEqualTo("not enough data");
        assertThat(before.get("inputs").get(0).get("status").asText()).isEqualTo("not enough data");

        stream(drifting, "KDDTest+.txt", 0);
        stream(steady, "KDDTrain+.txt", 100_000);
        JsonNode test = awaitRows(drifting, STREAMED);
        JsonNode held = awaitRows(steady, STREAMED);
        report("KDDTest+ through a model trained on KDDTrain+", test);
        report("KDDTrain+ rows never trained on", held);

        assertThat(test.get("referenceRows").asLong()).isEqualTo(16_000); // the training part of the 80/20 split
        assertThat(test.get("driftedInputs").asInt()).isGreaterThanOrEqualTo(15);
        assertThat(drifted(test)).contains("service", "flag", "serror_rate");
        assertThat(test.get("inputs").get(2).get("name").asText()).isEqualTo("service");
        assertThat(test.get("inputs").get(2).get("psiLevel").asText()).isEqualTo("significant");
        assertThat(test.get("capped").asBoolean()).isFalse();
        assertThat(held.get("driftedInputs").asInt()).isZero();
        assertThat(held.get("datasetDrift").asBoolean()).isFalse();
        assertThat(held.get("status").asText()).isEqualTo("no drift");
        assertThat(held.get("prediction").get("drifted").asBoolean()).isFalse();

        // a quarter of the inputs moving is an incident for this team: the dataset is flagged, the steady stream still not
        for (String model : List.of(drifting, steady)) {
            Response put = http.send("PUT", "/ml/models/" + model + "/drift/settings", "application/json",
                    "{\"driftShare\": 0.25}".getBytes(StandardCharsets.UTF_8));
            assertThat(put.status()).as(put.toString()).isEqualTo(200);
        }
        JsonNode flagged = drift(drifting, "1h").json();
        assertThat(flagged.get("datasetDrift").asBoolean()).isTrue();
        assertThat(flagged.get("status").asText()).isEqualTo("drift");
        assertThat(flagged.get("driftShareThreshold").asDouble()).isEqualTo(0.25);
        assertThat(drift(steady, "1h").json().get("datasetDrift").asBoolean()).isFalse();
        System.out.println("drift endpoint, " + STREAMED + " predictions x 41 inputs: read " + flagged.get("readMs") + " ms, compared "
                + flagged.get("computeMs") + " ms");
    }

    @Test
    void settingsAreCheckedFieldByFieldAndKeptPerModel() {
        Response bad = http.send("PUT", "/ml/models/" + steady + "/drift/settings", "application/json", """
                {"numericMethod": "chisquared", "categoricalMethod": "ks", "numericThreshold": 0.2, "driftShare": 2,
                 "inputs": {"no_such_input": {"method": "psi"}}}""".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.text()).contains("numericMethod", "categoricalMethod", "ks does not apply to categorical inputs", "driftShare");
        Response unknownInput = http.send("PUT", "/ml/models/" + steady + "/drift/settings", "application/json",
                "{\"inputs\": {\"no_such_input\": {\"method\": \"psi\"}, \"service\": {\"method\": \"ks\"}}}".getBytes(StandardCharsets.UTF_8));
        assertThat(unknownInput.status()).isEqualTo(400);
        assertThat(unknownInput.text()).contains("inputs.no_such_input", "has no input 'no_such_input'", "inputs.service.method");
        Response analyst = server.as(Role.ANALYST).send("PUT", "/ml/models/" + steady + "/drift/settings", "application/json",
                "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(analyst.status()).isEqualTo(403);

        Response good = http.send("PUT", "/ml/models/" + drifting + "/drift/settings", "application/json",
                "{\"categoricalMethod\": \"psi\", \"categoricalThreshold\": 0.2, \"minRows\": 50, \"inputs\": {\"src_bytes\": {\"method\": \"ks\"}}}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(good.status()).as(good.toString()).isEqualTo(200);
        JsonNode read = server.as(Role.ANALYST).get("/ml/models/" + drifting + "/drift/settings").json();
        assertThat(read.get("own").get("categoricalMethod").asText()).isEqualTo("psi");
        assertThat(read.get("effective").get("numericMethod").asText()).isEqualTo("auto");
        assertThat(read.get("effective").get("driftShare").asDouble()).isEqualTo(0.5);
        assertThat(read.get("effective").get("minRows").asInt()).isEqualTo(50);
        JsonNode judged = drift(drifting, "1h").json();
        assertThat(judged.get("inputs").get(2).get("method").asText()).isEqualTo("psi");
        assertThat(judged.get("inputs").get(4).get("method").asText()).isEqualTo("ks");
        assertThat(judged.get("minRows").asInt()).isEqualTo(50);
        assertThat(http.send("PUT", "/ml/models/" + drifting + "/drift/settings", "application/json",
                "{}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
    }

    @Test
    void badRequestsAreRefusedInTheCallersTerms() {
        Response window = http.get("/ml/models/" + steady + "/drift?window=forever");
        assertThat(window.status()).isEqualTo(400);
        assertThat(window.text()).contains("window", "such as 15m, 1h, 24h or 7d");
        assertThat(http.get("/ml/models/" + steady + "/drift?window=91d").status()).isEqualTo(400);
        assertThat(http.get("/ml/models/" + steady + "/drift?version=0").status()).isEqualTo(400);
        Response noVersion = http.get("/ml/models/" + steady + "/drift?version=7");
        assertThat(noVersion.status()).isEqualTo(404);
        assertThat(noVersion.text()).contains("has no version 7");
        assertThat(http.get("/ml/models/00000000-0000-0000-0000-000000000000/drift").status()).isEqualTo(404);
        Response untrained = http.postJson("/ml/models", """
                {"modelName": "kdd-untrained", "modelType": "untrained", "algorithm": "gbm", "targetVariable": "label"}""");
        Response none = http.get("/ml/models/" + untrained.json().get("id").asText() + "/drift");
        assertThat(none.status()).isEqualTo(409);
        assertThat(none.text()).contains("no trained version yet");
        assertThat(server.as(Role.ANALYST).get("/ml/models/" + steady + "/drift").status()).isEqualTo(200);
        assertThat(server.as(Role.SERVICE).get("/ml/models/" + steady + "/drift").status()).isEqualTo(403);
    }

    /** A version whose bundle was written before profiles (rewritten here without one) is told to retrain. */
    @Test
    void aVersionTrainedBeforeProfilesAnswers409() throws Exception {
        Response created = http.postJson("/ml/models", """
                {"modelName": "kdd-old-bundle", "modelType": "old-bundle", "algorithm": "gbm", "targetVariable": "label",
                 "hyperparameters": {"rounds": 3}, "dropColumns": ["difficulty"]}""");
        String id = created.json().get("id").asText();
        String dataset = http.get("/ml/datasets?size=100").json().get("items").get(0).get("id").asText();
        awaitJob(http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + dataset + "\"}").json().get("id").asText());
        Jdbi db = database();
        String key = db.withHandle(h -> h.createQuery("select bundle_key from model_versions where model_id = cast(:id as uuid)")
                .bind("id", id).mapTo(String.class).one());
        BlobStore blobs = BlobStores.create("local", server.dataDir());
        TrainedModel trained;
        try (InputStream in = blobs.open(key)) {
            trained = ModelBundle.read(in);
        }
        BlobInfo old;
        try (BlobWriter writer = blobs.newWriter()) {
            ModelBundle.write(trained, writer.stream());
            old = writer.commit();
        }
        db.useHandle(h -> h.createUpdate("update model_versions set bundle_key = :key, bundle_sha256 = :sha, bundle_size = :size"
                + " where model_id = cast(:id as uuid)").bind("key", old.key()).bind("sha", old.sha256()).bind("size", old.size())
                .bind("id", id).execute());
        Response answer = http.get("/ml/models/" + id + "/drift");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(409);
        assertThat(answer.json().get("detail").asText())
                .isEqualTo("version 1 of model kdd-old-bundle was trained before drift profiles were kept; retrain it to watch its drift");
    }

    /**
     * The whole endpoint on 120,000 logged predictions of 41 inputs (written straight into the log,
     * 1,000 a batch as serving writes batches): the newest 100,000 are read and compared, and the
     * answer says the window held more. Prints the time of the read, of the comparison, of the
     * request, and of reading 2,000 of them through the prediction_log view instead.
     */
    @Test
    void aHundredThousandPredictionsAreReadAndComparedCappedToTheNewest() throws Exception {
        String dataset = http.get("/ml/datasets?size=100").json().get("items").get(0).get("id").asText();
        String id = trainedModel("kdd-drift-volume", dataset);
        Jdbi db = database();
        db.useHandle(h -> h.createUpdate("insert into prediction_batches (id, at, model_id, version, size, numbers, categories, labels,"
                + " confidences, probabilities) select gen_random_uuid(), now() - interval '10 minutes' + b * interval '1 second',"
                + " cast(:model as uuid), 1, 1000, array(select (random() * 100)::real from generate_series(1, 38000)),"
                + " array(select (array['tcp', 'udp', 'icmp', 'http', 'private', 'SF', 'S0'])[1 + (k % 7)] from generate_series(1, 3000) k),"
                + " array(select case when random() < 0.5 then 'normal' else 'attack' end from generate_series(1, 1000)),"
                + " array_fill(0.9::real, array[1000]), array_fill(0.5::real, array[2000]) from generate_series(1, 120) b")
                .bind("model", id).execute());
        JsonNode answer = null;
        List<String> timings = new ArrayList<>();
        for (int call = 0; call < 3; call++) { // the first call also warms the code up
            long start = System.nanoTime();
            answer = drift(id, "1h").json();
            timings.add(String.format("read %d ms + compared %d ms = request %d ms", answer.get("readMs").asLong(),
                    answer.get("computeMs").asLong(), (System.nanoTime() - start) / 1_000_000));
        }
        assertThat(answer.get("rowsInWindow").asLong()).isEqualTo(120_000);
        assertThat(answer.get("liveRows").asInt()).isEqualTo(100_000);
        assertThat(answer.get("capped").asBoolean()).isTrue();
        assertThat(answer.get("maxRows").asInt()).isEqualTo(100_000);
        assertThat(answer.get("skippedRows").asInt()).isZero();
        assertThat(answer.get("inputs").size()).isEqualTo(41);
        assertThat(answer.get("status").asText()).isEqualTo("drift"); // uniform noise is nothing like KDDTrain+
        // the same inputs through the prediction_log view, one row per prediction: each row slices its batch's arrays,
        // so 2,000 rows (two batches, under another version number) are enough to see it
        db.useHandle(h -> h.createUpdate("insert into prediction_batches (id, at, model_id, version, size, numbers, categories, labels,"
                + " confidences, probabilities) select gen_random_uuid(), now(), cast(:model as uuid), 99, size, numbers, categories,"
                + " labels, confidences, probabilities from prediction_batches where model_id = cast(:model as uuid) limit 2")
                .bind("model", id).execute());
        long start = System.nanoTime();
        long viewRows = db.withHandle(h -> h.createQuery("select count(*) from (select numbers, categories, label, cardinality(numbers) n"
                + " from prediction_log where model_id = cast(:model as uuid) and version = 99) v where n > 0").bind("model", id)
                .mapTo(Long.class).one());
        long viewMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(viewRows).isEqualTo(2_000);
        System.out.printf("drift endpoint, 100,000 of 120,000 predictions x 41 inputs, three calls: %s; 2,000 predictions' inputs"
                + " through the prediction_log view (one row per prediction, counted in PostgreSQL): %d ms%n", timings, viewMs);
    }

    private static Jdbi database() {
        return Jdbi.create(() -> java.sql.DriverManager.getConnection(server.config().dbUrl(), TestPostgres.user(),
                TestPostgres.password() == null ? "" : TestPostgres.password()));
    }

    private static String trainedModel(String name, String dataset) throws Exception {
        Response created = http.postJson("/ml/models", "{\"modelName\": \"" + name + "\", \"modelType\": \"" + name + "\","
                + " \"algorithm\": \"gbm\", \"hyperparameters\": {\"rounds\": 20, \"max_depth\": 4}, \"targetVariable\": \"label\","
                + " \"dropColumns\": [\"difficulty\"], \"binarize\": {\"negativeClass\": \"normal\", \"positiveClass\": \"attack\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        awaitJob(http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + dataset + "\", \"seed\": 7}").json().get("id").asText());
        return id; // not deployed: predictions and drift both go to its latest version
    }

    private static void awaitJob(String jobId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            JsonNode job = http.get("/ml/jobs/" + jobId).json();
            String state = job.get("state").asText();
            if (state.equals("succeeded")) break;
            assertThat(state).as(job.toString()).isNotIn("failed", "cancelled");
            assertThat(Instant.now()).as("job never ended").isBefore(deadline);
            Thread.sleep(50);
        }
        // the version is recorded with the job; the model leaves 'training' in the same transaction
    }

    /** {@link #STREAMED} rows of {@code file} from row {@code from}, 1,000 a request. */
    private static void stream(String model, String file, int from) throws Exception {
        List<String> lines = Files.readAllLines(SharedData.file("nsl-kdd/" + file), StandardCharsets.UTF_8).subList(from, from + STREAMED);
        String[] columns = NslKddFiles.COLUMNS.split(",");
        for (int start = 0; start < lines.size(); start += 1000) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (String line : lines.subList(start, start + 1000)) {
                String[] cells = line.split(",");
                Map<String, Object> record = new LinkedHashMap<>();
                for (int c = 0; c < 41; c++) record.put(columns[c], NslKddFiles.typed(cells[c]));
                batch.add(record);
            }
            Response r = http.postJson("/ml/models/" + model + "/predict", Json.write(Map.of("instances", batch)));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
    }

    /** The drift answer once the log holds {@code rows} predictions (it writes them off the request path). */
    private static JsonNode awaitRows(String model, int rows) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            Response r = drift(model, "1h");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            if (r.json().get("liveRows").asInt() >= rows) return r.json();
            assertThat(Instant.now()).as("the prediction log never held " + rows + " rows: " + r.json().get("liveRows")).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static Response drift(String model, String window) {
        return http.get("/ml/models/" + model + "/drift?window=" + window);
    }

    private static List<String> drifted(JsonNode answer) {
        List<String> names = new ArrayList<>();
        answer.get("inputs").forEach(i -> {
            if (i.path("drifted").asBoolean()) names.add(i.get("name").asText());
        });
        return names;
    }

    private static void report(String what, JsonNode a) {
        List<String> top = new ArrayList<>();
        List<JsonNode> inputs = new ArrayList<>();
        a.get("inputs").forEach(inputs::add);
        inputs.stream().filter(i -> i.path("drifted").asBoolean()).sorted((x, y) -> Double.compare(y.get("psi").asDouble(), x.get("psi").asDouble()))
                .limit(5).forEach(i -> top.add(i.get("name").asText() + String.format(" (%s %.3f, PSI %.3f)", i.get("method").asText(),
                        i.get("statistic").asDouble(), i.get("psi").asDouble())));
        System.out.printf("%s: %d live rows, %d of %d inputs drifted (share %.3f), prediction %s %.4f drifted %s; most drifted: %s%n",
                what, a.get("liveRows").asInt(), a.get("driftedInputs").asInt(), a.get("testedInputs").asInt(), a.get("driftShare").asDouble(),
                a.get("prediction").get("method").asText(), a.get("prediction").get("statistic").asDouble(),
                a.get("prediction").get("drifted").asBoolean(), top);
    }
}
