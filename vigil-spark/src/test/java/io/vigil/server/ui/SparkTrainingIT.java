package io.vigil.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.NslKddFiles;
import io.vigil.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real server with the vigil-spark module on its class path, end to end: a training asked for with
 * {@code "engine": "spark"} runs on the test run's Spark ({@code local[2]}), through the same job queue (progress,
 * cancellation), and gives a normal version that validates, deploys and answers predictions; the job says where it
 * ran, and so does the jobs page in a real Chromium. What Spark cannot do is refused before anything is queued.
 * The server's backend uses the test run's one Spark session (vigil-spark's {@code SparkSessions}). In the server's
 * {@code ui} package for its browser helpers.
 */
class SparkTrainingIT {
    static final int SAMPLE_ROWS = 1000;
    static final int DATASET_ROWS = 6000;
    static TestServer server;
    static HttpTestClient http;
    static String trainId;
    static String testId;

    @BeforeAll
    static void start() {
        // a bound below the dataset's rows: Spark trains on every training row, the server keeps samples of 1,000
        server = TestServer.start(Map.of("VIGIL_TRAINING_SAMPLE_ROWS", Integer.toString(SAMPLE_ROWS)));
        http = server.http();
        trainId = firstLines("KDDTrain+_20Percent.txt", DATASET_ROWS, "kdd-train-6000", false); // a part keeps the test quick
        testId = NslKddFiles.upload(http, "KDDTest+.txt", "kdd-test");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTrainingOnSparkDeploysAndPredictsAndSaysWhereItRan() throws Exception {
        String id = model("kdd-spark-gbm", "gbm", Map.of("rounds", 6, "max_depth", 3));
        Response queued = http.postJson("/ml/models/" + id + "/train", Json.write(Map.of("datasetId", trainId, "engine", "spark")));
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        String jobId = queued.json().get("id").asText();
        assertThat(queued.json().get("parameters").get("engine").asText()).isEqualTo("spark");

        JsonNode job = waitForJob(jobId, Duration.ofMinutes(3));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("result").get("engine").asText()).isEqualTo("spark");
        assertThat(job.get("result").get("ranOn").asText()).isEqualTo("local[2]");
        String log = http.get("/ml/jobs/" + jobId + "/logs").text();
        assertThat(log).contains("on spark local[2]");

        // Spark read the dataset's own blob file and trained on every training row; the server kept samples of 1,000
        assertThat(log).contains("the training engine reads the dataset in place at file:/").doesNotContain("scratch CSV");
        long trained = http.get("/ml/models/" + id + "/versions/1").json().get("provenance").get("rows").asLong();
        JsonNode evaluatedOn = http.get("/ml/models/" + id + "/artifacts").json().get("evaluatedOn");
        long heldOut = evaluatedOn.get("sampledFrom").asLong();
        assertThat(trained + heldOut).as(evaluatedOn.toString()).isEqualTo(DATASET_ROWS); // every row labelled: trained or held out
        assertThat(trained).isGreaterThan(4 * SAMPLE_ROWS);
        assertThat(heldOut).isBetween(1000L, 1400L); // a fifth of 6,000, by a hash of the row index
        assertThat(evaluatedOn.get("rows").asInt()).isEqualTo(SAMPLE_ROWS);
        assertThat(evaluatedOn.get("stratified").asBoolean()).isFalse();
        assertThat(log).contains("on all " + trained + " training rows", "keeps a sample of " + SAMPLE_ROWS,
                "evaluates on " + SAMPLE_ROWS + " of " + heldOut + " held-out rows (a sample)");

        JsonNode version = http.get("/ml/models/" + id + "/versions/1").json();
        assertThat(version.get("metrics").get("accuracy").asDouble()).as(version.toString()).isGreaterThan(0.95); // hold-out of KDDTrain+
        JsonNode libraries = version.get("provenance").get("libraryVersions");
        assertThat(libraries.get("spark").asText()).isEqualTo("4.1.0");
        assertThat(libraries.get("spark.master").asText()).isEqualTo("local[2]");
        assertThat(http.get("/ml/models/" + id + "/artifacts").json().get("featureImportance").get("features").size()).isGreaterThan(5);

        // validated on KDDTest+ (new attack types), deployed, and served by the pure-Java scorer
        Response validated = http.postJson("/ml/models/" + id + "/validate",
                Json.write(Map.of("datasetId", testId, "thresholds", Map.of("accuracy", 0.7))));
        assertThat(validated.json().get("passed").asBoolean()).as(validated.toString()).isTrue();
        assertThat(http.postJson("/ml/models/" + id + "/deploy", "{}").status()).isEqualTo(200);
        Response normal = predict(NslKdd.NORMAL_HTTP);
        Response attack = predict(NslKdd.NEPTUNE_SYN_FLOOD);
        assertThat(normal.status()).as(normal.toString()).isEqualTo(200);
        assertThat(normal.json().get("probabilities").get("normal").asDouble()).isGreaterThan(0.5);
        assertThat(attack.json().get("probabilities").get("attack").asDouble()).isGreaterThan(0.5);
        double sum = attack.json().get("probabilities").get("attack").asDouble() + attack.json().get("probabilities").get("normal").asDouble();
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));

        // the jobs page says where the job ran
        try (DashboardPage tab = DashboardPage.signedIn(server, Role.ADMIN)) {
            Page page = tab.page;
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Jobs").setExact(true)).click();
            assertThat(page.locator("tr[data-job='" + jobId + "'] .ran-on")).hasText("trained on Spark local[2]");
            tab.expectNoProblems();
        }
    }

    @Test
    void aDatasetSparkCannotReadInPlaceIsStreamedOnceToAScratchCopy() throws Exception {
        String gzipped = firstLines("KDDTrain+_20Percent.txt", 2000, "kdd-train-2000-gz", true);
        String id = model("kdd-spark-gzip", "random_forest", Map.of("trees", 5, "max_depth", 4));
        String jobId = http.postJson("/ml/models/" + id + "/train", Json.write(Map.of("datasetId", gzipped, "engine", "spark")))
                .json().get("id").asText();
        JsonNode job = waitForJob(jobId, Duration.ofMinutes(3));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        String log = http.get("/ml/jobs/" + jobId + "/logs").text();
        assertThat(log).contains("cannot be read in place (it is gzip-compressed): streamed once to a scratch CSV of 2000 rows");
        JsonNode version = http.get("/ml/models/" + id + "/versions/1").json();
        assertThat(version.get("metrics").get("accuracy").asDouble()).as(version.toString()).isGreaterThan(0.9);
        JsonNode evaluatedOn = http.get("/ml/models/" + id + "/artifacts").json().get("evaluatedOn");
        assertThat(version.get("provenance").get("rows").asLong() + evaluatedOn.get("sampledFrom").asLong()).isEqualTo(2000);
        assertThat(evaluatedOn.get("rows").asLong()).isEqualTo(evaluatedOn.get("sampledFrom").asLong()); // below the bound: every held-out row
        try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(server.config().scratchDir())) {
            assertThat(left.filter(f -> f.getFileName().toString().startsWith("training-rows-")).toList()).as("the scratch copy is removed").isEmpty();
        }
    }

    @Test
    void rowsWithLineBreaksInQuotedCellsAreCopiedForSparkToParseWhole() throws Exception {
        StringBuilder csv = new StringBuilder("bytes,note,label\n");
        for (int i = 0; i < 400; i++) {
            String note = i % 7 == 0 ? "\"seen by\nthe night shift\"" : "plain";
            csv.append(i % 100).append(',').append(note).append(',').append(i % 100 < 50 ? "normal" : "attack").append('\n');
        }
        Response uploaded = http.upload("/ml/datasets/upload", "notes.csv", csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of("name", "notes", "labelColumn", "label", "format", "csv"));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        Response created = http.postJson("/ml/models", Json.write(Map.of("modelName", "notes-spark", "modelType", "notes-spark",
                "algorithm", "random_forest", "hyperparameters", Map.of("trees", 3, "max_depth", 3), "targetVariable", "label")));
        String id = created.json().get("id").asText();
        String jobId = http.postJson("/ml/models/" + id + "/train",
                Json.write(Map.of("datasetId", uploaded.json().get("id").asText(), "engine", "spark"))).json().get("id").asText();
        JsonNode job = waitForJob(jobId, Duration.ofMinutes(3));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(http.get("/ml/jobs/" + jobId + "/logs").text()).contains("some rows span several lines", "scratch CSV of 400 rows");
        JsonNode evaluatedOn = http.get("/ml/models/" + id + "/artifacts").json().get("evaluatedOn");
        assertThat(http.get("/ml/models/" + id + "/versions/1").json().get("provenance").get("rows").asLong()
                + evaluatedOn.get("sampledFrom").asLong()).isEqualTo(400);
    }

    @Test
    void aSparkTrainingIsCancelledThroughTheQueue() throws Exception {
        String id = model("kdd-spark-long", "gbm", Map.of("rounds", 400, "max_depth", 6));
        String jobId = http.postJson("/ml/models/" + id + "/train", Json.write(Map.of("datasetId", trainId, "engine", "spark")))
                .json().get("id").asText();
        Instant deadline = Instant.now().plusSeconds(120);
        while (http.get("/ml/jobs/" + jobId).json().at("/progress/phase").asText().equals("training") == false
                || http.get("/ml/jobs/" + jobId).json().at("/progress/round").asInt() < 3) {
            assertThat(Instant.now()).as("the Spark training never reported progress").isBefore(deadline);
            Thread.sleep(200);
        }
        Instant asked = Instant.now();
        assertThat(http.postJson("/ml/jobs/" + jobId + "/cancel", "{}").status()).isEqualTo(200);
        JsonNode job = waitForJob(jobId, Duration.ofSeconds(60));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("cancelled");
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(30));
        assertThat(http.get("/ml/models/" + id).json().get("status").asText()).isEqualTo("cancelled");
        assertThat(http.get("/ml/models/" + id + "/versions").json()).isEmpty();
    }

    @Test
    void whatSparkCannotDoIsRefusedBeforeAnythingIsQueued() {
        String id = model("kdd-spark-refusals", "gbm", Map.of());
        Response unknown = http.postJson("/ml/models/" + id + "/train", Json.write(Map.of("datasetId", trainId, "engine", "ray")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknown.text()).contains("engine", "no training engine 'ray'", "local, spark");

        Response lambda = http.postJson("/ml/models/" + id + "/train",
                Json.write(Map.of("datasetId", trainId, "engine", "spark", "hyperparameters", Map.of("lambda", 3))));
        assertThat(lambda.status()).isEqualTo(400);
        assertThat(lambda.text()).contains("lambda = 3", "no equivalent in Spark MLlib");

        Response tuning = http.postJson("/ml/models/" + id + "/train", Json.write(Map.of("datasetId", trainId, "engine", "spark",
                "tuning", Map.of("space", Map.of("max_depth", List.of(3, 4))))));
        assertThat(tuning.status()).isEqualTo(400);
        assertThat(tuning.text()).contains("tuning", "runs in process");

        String detector = model("kdd-spark-detector", "isolation_forest", Map.of());
        Response forest = http.postJson("/ml/models/" + detector + "/train", Json.write(Map.of("datasetId", trainId, "engine", "spark")));
        assertThat(forest.status()).isEqualTo(400);
        assertThat(forest.text()).contains("not isolation_forest");

        // window features are computed over the whole dataset in event order, which the server never holds for Spark
        Response windowed = http.postJson("/ml/models", "{\"modelName\": \"kdd-spark-windows\", \"modelType\": \"kdd-spark-windows\","
                + " \"algorithm\": \"gbm\", \"targetVariable\": \"label\", \"windows\": {\"keys\": [\"service\"], \"time\": \"duration\","
                + " \"features\": [{\"kind\": \"count\", \"window\": \"1m\"}]}}");
        assertThat(windowed.status()).as(windowed.toString()).isEqualTo(201);
        Response windows = http.postJson("/ml/models/" + windowed.json().get("id").asText() + "/train",
                Json.write(Map.of("datasetId", trainId, "engine", "spark")));
        assertThat(windows.status()).isEqualTo(400);
        assertThat(windows.text()).contains("window features trains in process");

        assertThat(http.get("/ml/models/" + id).json().get("status").asText()).isEqualTo("created");
        assertThat(http.get("/ml/jobs?modelId=" + id).json().get("items")).isEmpty();
    }

    /** Uploads the first {@code lines} lines of an NSL-KDD file as a dataset (gzip-compressed or not); answers its id. */
    private static String firstLines(String file, int lines, String name, boolean gzip) {
        try (java.util.stream.Stream<String> all = java.nio.file.Files.lines(io.vigil.server.testing.SharedData.file("nsl-kdd/" + file))) {
            byte[] csv = (String.join("\n", all.limit(lines).toList()) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (gzip) {
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
                    out.write(csv);
                }
                csv = bytes.toByteArray();
            }
            Response r = http.upload("/ml/datasets/upload", gzip ? file + ".gz" : file, csv,
                    Map.of("name", name, "columns", NslKddFiles.COLUMNS, "labelColumn", "label", "format", "csv"));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            return r.json().get("id").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String model(String name, String algorithm, Map<String, Object> hyperparameters) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelName", name);
        body.put("modelType", name);
        body.put("algorithm", algorithm);
        body.put("hyperparameters", hyperparameters);
        body.put("targetVariable", "label");
        body.put("dropColumns", List.of("difficulty"));
        body.put("binarize", Map.of("negativeClass", "normal", "positiveClass", "attack"));
        Response created = http.postJson("/ml/models", Json.write(body));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static Response predict(String line) {
        String[] cells = line.split(",", -1);
        Map<String, Object> features = new LinkedHashMap<>();
        for (int i = 0; i < cells.length; i++) features.put(io.vigil.engine.datasets.NslKdd.COLUMNS.get(i), NslKddFiles.typed(cells[i]));
        return http.postJson("/ml/predict", Json.write(Map.of("modelType", "kdd-spark-gbm", "features", features)));
    }

    private static JsonNode waitForJob(String jobId, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode job = http.get("/ml/jobs/" + jobId).json();
            if (List.of("succeeded", "failed", "cancelled").contains(job.get("state").asText())) return job;
            assertThat(Instant.now()).as("job " + jobId + " still " + job.get("state") + ": " + job).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    /** Two KDDTest+ lines (label and difficulty left off): an ordinary HTTP session, and a SYN flood. */
    private static final class NslKdd {
        static final String NORMAL_HTTP = "0,tcp,http,SF,232,8153,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,5,5,0.20,0.20,0.00,0.00,1.00,0.00,"
                + "0.00,30,255,1.00,0.00,0.03,0.04,0.03,0.01,0.00,0.01";
        static final String NEPTUNE_SYN_FLOOD = "0,tcp,private,S0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,123,6,1.00,1.00,0.00,0.00,"
                + "0.05,0.07,0.00,255,26,0.10,0.05,0.00,0.00,1.00,1.00,0.00,0.00";
    }
}
