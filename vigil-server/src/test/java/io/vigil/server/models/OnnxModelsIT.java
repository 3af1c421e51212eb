package io.vigil.server.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.SharedData;
import io.vigil.server.auth.Role;
import io.vigil.server.core.Json;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.NslKddFiles;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.OnnxMl.ModelProto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ONNX both ways through HTTP against a real server: a gradient-boosting model trained on NSL-KDD
 * is exported, the file imported into another model, validated, deployed and served, and its
 * answers through the REST predict route are the original's; and every bad import or export is an
 * RFC 7807 problem with the right status, leaving no version behind.
 */
class OnnxModelsIT {
    static final Set<String> CATEGORIES = Set.of("protocol_type", "service", "flag");
    static final int MAX_UPLOAD_MB = 8;
    static TestServer server;
    static HttpTestClient http;
    static String trainId;
    static String testId;
    static String sourceId;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_MAX_UPLOAD_MB", String.valueOf(MAX_UPLOAD_MB)));
        http = server.http();
        trainId = uploadLines("KDDTrain+.txt", 6_000, "kdd-train-part");
        testId = uploadLines("KDDTest+.txt", 3_000, "kdd-test-part");
        sourceId = create("onnx-source", "gbm", "\"hyperparameters\": {\"rounds\": 20, \"max_depth\": 5}, ");
        Response queued = http.postJson("/ml/models/" + sourceId + "/train", "{\"datasetId\": \"" + trainId + "\"}");
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        JsonNode job = ModelLifecycleITSupport.waitForJob(http, queued.json().get("id").asText(), Duration.ofMinutes(2));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anExportComesBackAsAVersionThatAnswersAsTheOriginal() throws Exception {
        Response export = http.get("/ml/models/" + sourceId + "/versions/1/export?format=onnx");
        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        assertThat(export.contentType()).isEqualTo("application/octet-stream");
        assertThat(export.header("Content-Disposition")).isEqualTo("attachment; filename=\"onnx-source-v1.onnx\"");
        byte[] onnx = export.body();
        ModelProto graph = ModelProto.parseFrom(onnx);
        assertThat(graph.getGraph().getInputCount()).isEqualTo(41);
        assertThat(graph.getGraph().getNodeList()).anyMatch(n -> n.getOpType().equals("TreeEnsembleRegressor"));

        String importedId = create("onnx-imported", "onnx", "");
        Response imported = http.upload("/ml/models/" + importedId + "/versions/import", "model.onnx", onnx,
                Map.of("description", description("duration")));
        assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
        assertThat(imported.header("Location")).isEqualTo("/ml/models/" + importedId + "/versions/1");
        JsonNode version = imported.json();
        assertThat(version.get("status").asText()).isEqualTo("trained");
        assertThat(version.get("provenance").get("imported").asBoolean()).isTrue();
        assertThat(version.get("provenance").get("algorithm").asText()).isEqualTo("onnx");
        assertThat(version.get("provenance").get("fileSha256").asText()).isEqualTo(sha256(onnx));
        assertThat(http.get("/ml/models/" + importedId).json().get("status").asText()).isEqualTo("trained");
        JsonNode inputs = http.get("/ml/models/" + importedId + "/versions/1/inputs").json().get("inputs");
        assertThat(inputs).hasSize(41);

        Response validated = http.postJson("/ml/models/" + importedId + "/validate",
                "{\"datasetId\": \"" + testId + "\", \"thresholds\": {\"accuracy\": 0.5}}");
        assertThat(validated.status()).as(validated.toString()).isEqualTo(200);
        assertThat(validated.json().get("passed").asBoolean()).as(validated.toString()).isTrue();
        Response deployed = http.postJson("/ml/models/" + importedId + "/deploy", "{\"version\": 1}");
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);

        List<Map<String, Object>> records = records("KDDTest+.txt", 300);
        records.get(0).put("service", "a-service-never-seen");
        records.get(1).put("flag", "A-FLAG-NEVER-SEEN");
        JsonNode original = predict(sourceId, "{\"version\": 1, \"instances\": " + Json.write(records) + "}");
        JsonNode served = predict(importedId, "{\"instances\": " + Json.write(records) + "}");
        for (int r = 0; r < records.size(); r++) {
            JsonNode a = original.get(r);
            JsonNode b = served.get(r);
            assertThat(a.has("label") && b.has("label")).as(a + " / " + b).isTrue();
            assertThat(b.get("label").asText()).as("record " + r).isEqualTo(a.get("label").asText());
            assertThat(b.get("model").get("version").asInt()).isEqualTo(1);
            for (String cls : List.of("normal", "attack")) {
                assertThat(b.get("probabilities").get(cls).asDouble()).as("record " + r + " " + cls)
                        .isCloseTo(a.get("probabilities").get(cls).asDouble(), within(1e-6));
            }
        }
        // nothing to retrain it with: a clear 409, and no training queued
        Response retrain = http.postJson("/ml/models/" + importedId + "/retraining/run", "{}");
        assertProblem(retrain, 409, "was imported from a file trained elsewhere");
        assertThat(http.get("/ml/models/" + importedId + "/training-jobs").json().get("total").asInt()).isZero();
        // an imported version exports as the very file it came from
        Response again = http.get("/ml/models/" + importedId + "/versions/1/export");
        assertThat(sha256(again.body())).isEqualTo(sha256(onnx));
    }

    @Test
    void badImportsAndExportsAreProblemsThatLeaveNoVersion() throws Exception {
        String id = create("onnx-refusals", "onnx", "");
        byte[] onnx = http.get("/ml/models/" + sourceId + "/versions/1/export").body();
        String path = "/ml/models/" + id + "/versions/import";

        assertProblem(http.upload(path, "model.onnx", "duration,service\n1,http\n".getBytes(StandardCharsets.UTF_8),
                Map.of("description", description("duration"))), 422, "not an ONNX model");
        assertProblem(http.upload(path, "model.onnx", onnx, Map.of("description", description("seconds"))), 422,
                "'seconds', which the graph lacks");
        assertProblem(http.upload(path, "model.onnx", onnx, Map.of()), 400, "describe the graph's inputs");
        assertProblem(http.upload(path, "model.onnx", onnx, Map.of("description", "{\"inputs\": 5")), 400, "not a valid input description");
        assertProblem(http.send("POST", path, "text/plain", onnx), 415, "multipart/form-data");
        byte[] large = java.util.Arrays.copyOf(onnx, MAX_UPLOAD_MB * 1024 * 1024 + 1);
        Response tooLarge = http.upload(path, "model.onnx", large, Map.of("description", description("duration")));
        assertProblem(tooLarge, 413, "larger than the limit");
        // the rest of that body was never read: the client must not send its next request on this connection
        assertThat(tooLarge.header("Connection")).isEqualToIgnoringCase("close");
        HttpTestClient analyst = server.as(Role.ANALYST);
        assertThat(analyst.upload(path, "model.onnx", onnx, Map.of("description", description("duration"))).status()).isEqualTo(403);
        assertThat(analyst.get("/ml/models/" + sourceId + "/versions/1/export").status()).isEqualTo(403);
        assertThat(http.get("/ml/models/" + id + "/versions").json()).as("no version left behind").isEmpty();
        assertThat(http.get("/ml/models/" + id).json().get("status").asText()).isEqualTo("created");
        assertProblem(http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + trainId + "\"}"), 422, "does not train");
        // the raw body works as well, and the same checks apply to it
        Response raw = http.send("POST", path + "?description=" + java.net.URLEncoder.encode(description("duration"), StandardCharsets.UTF_8),
                "application/octet-stream", onnx);
        assertThat(raw.status()).as(raw.toString()).isEqualTo(201);

        assertProblem(http.get("/ml/models/" + sourceId + "/versions/1/export?format=pmml"), 400, "format");
        assertProblem(http.get("/ml/models/" + sourceId + "/versions/9/export"), 404, "no version 9");
        String detector = create("onnx-detector", "zscore", "");
        Response queued = http.postJson("/ml/models/" + detector + "/train", "{\"datasetId\": \"" + trainId + "\"}");
        assertThat(ModelLifecycleITSupport.waitForJob(http, queued.json().get("id").asText(), Duration.ofMinutes(1)).get("state").asText())
                .isEqualTo("succeeded");
        assertProblem(http.get("/ml/models/" + detector + "/versions/1/export"), 422, "no faithful ONNX form");
        assertProblem(http.upload("/ml/models/" + detector + "/versions/import", "model.onnx", onnx,
                Map.of("description", description("duration"))), 422, "classification model");
    }

    private static void assertProblem(Response r, int status, String detail) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).as(r.toString()).startsWith("application/problem+json");
        assertThat(r.json().toString()).as(r.toString()).contains(detail);
    }

    /** The 41 NSL-KDD inputs, the first named {@code first} (the graph's is {@code duration}). */
    private static String description(String first) {
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (String column : io.vigil.engine.datasets.NslKdd.COLUMNS.subList(0, 41)) {
            inputs.add(Map.of("column", column.equals("duration") ? first : column, "type", CATEGORIES.contains(column) ? "category" : "numeric"));
        }
        return Json.write(Map.of("inputs", inputs));
    }

    private static String create(String name, String algorithm, String extra) {
        Response r = http.postJson("/ml/models", "{\"modelName\": \"" + name + "\", \"modelType\": \"" + name + "\", \"algorithm\": \""
                + algorithm + "\", " + extra + "\"targetVariable\": \"label\", \"dropColumns\": [\"difficulty\"], "
                + "\"binarize\": {\"negativeClass\": \"normal\", \"positiveClass\": \"attack\"}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static JsonNode predict(String model, String body) {
        Response r = http.postJson("/ml/models/" + model + "/predict", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("predictions");
    }

    private static List<Map<String, Object>> records(String file, int count) throws Exception {
        String[] columns = NslKddFiles.COLUMNS.split(",");
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(SharedData.file("nsl-kdd/" + file), StandardCharsets.UTF_8).subList(0, count)) {
            String[] cells = line.split(",");
            Map<String, Object> record = new LinkedHashMap<>();
            for (int c = 0; c < 41; c++) record.put(columns[c], NslKddFiles.typed(cells[c]));
            out.add(record);
        }
        return out;
    }

    private static String uploadLines(String file, int lines, String name) throws Exception {
        List<String> head = Files.readAllLines(SharedData.file("nsl-kdd/" + file), StandardCharsets.UTF_8).subList(0, lines);
        byte[] csv = (String.join("\n", head) + "\n").getBytes(StandardCharsets.UTF_8);
        Response r = http.upload("/ml/datasets/upload", name + ".csv", csv,
                Map.of("name", name, "columns", NslKddFiles.COLUMNS, "labelColumn", "label", "format", "csv"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
