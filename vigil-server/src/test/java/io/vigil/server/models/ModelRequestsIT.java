package io.vigil.server.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Model definitions, training, validation, deployment and job requests are checked field by field
 * before anything is stored or queued: a type, a range and a size for each, text PostgreSQL can
 * hold (no U+0000 anywhere, no control characters in names), every problem reported, each field once.
 */
class ModelRequestsIT {
    private static final String BASE = "\"modelName\": \"m\", \"modelType\": \"t\", \"algorithm\": \"gbm\", \"targetVariable\": \"label\"";
    static TestServer server;
    static HttpTestClient http;
    static String datasetId;
    static String modelId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = server.http();
        Response upload = http.upload("/ml/datasets/upload", "flows.csv", GeneratedFlows.csv(200, 5),
                Map.of("name", "flows", "labelColumn", "label"));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        datasetId = upload.json().get("id").asText();
        Response model = http.postJson("/ml/models", "{\"modelName\": \"checks\", \"modelType\": \"checks\", \"algorithm\": \"gbm\","
                + " \"targetVariable\": \"label\"}");
        assertThat(model.status()).as(model.toString()).isEqualTo(201);
        modelId = model.json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void nulAndControlCharactersInADefinitionAreFieldErrorsNotServerErrors() {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("description", "\"a\\u0000b\""),
                Map.entry("owner", "\"a\\u0000b\""),
                Map.entry("targetVariable", "\"la\\u0000bel\""),
                Map.entry("tags[0]", "[\"a\\u0000\"]"),
                Map.entry("features[0]", "[\"by\\u0000tes\"]"),
                Map.entry("dropColumns[0]", "[\"dst\\u0000port\"]"),
                Map.entry("binarize.negativeClass", "{\"negativeClass\": \"nor\\u0000mal\"}"),
                Map.entry("hyperparameters", "{\"rou\\u0000nds\": 5}"));
        for (Map.Entry<String, String> e : bad.entrySet()) {
            String name = e.getKey().replaceAll("[.\\[].*", "");
            String json = "\"" + name + "\": " + e.getValue();
            Response create = http.postJson("/ml/models", "{" + BASE.replace("\"targetVariable\": \"label\"",
                    name.equals("targetVariable") ? "\"targetVariable\": " + e.getValue() : "\"targetVariable\": \"label\"")
                    + (name.equals("targetVariable") ? "" : ", " + json) + "}");
            assertProblem(create, e.getKey());
            assertProblem(http.send("PUT", "/ml/models/" + modelId, "application/json", bytes("{" + json + "}")), e.getKey());
        }
        for (String owner : List.of("\"a\\u0001b\"", "\"a\\nb\"", "\"\\u007f\"")) {
            assertProblem(http.postJson("/ml/models", "{" + BASE + ", \"owner\": " + owner + "}"), "owner");
        }
        assertProblem(http.postJson("/ml/models", "{" + BASE + ", \"description\": \"\\ud800\"}"), "description");
        Response lines = http.postJson("/ml/models", "{" + BASE.replace("\"m\"", "\"lines\"") + ", \"description\": \"two\\nlines\\tand a tab\"}");
        assertThat(lines.status()).as(lines.toString()).isEqualTo(201);
        assertThat(http.get("/ml/models").json().get("total").asLong()).isEqualTo(2);
        assertThat(http.get("/ml/models/" + modelId).json().get("description").isNull()).isTrue();
    }

    @Test
    void nulInFiltersAndTrainingRequestsIsRefused() {
        assertProblem(http.get("/ml/models?name=%00"), "name");
        assertProblem(http.get("/ml/models?type=a%00"), "type");
        assertProblem(http.get("/ml/models?name=a&name=b"), "name");
        assertProblem(http.get("/ml/jobs?kind=%00"), "kind");
        assertProblem(http.postJson("/ml/predict", "{\"modelType\": \"a\\u0000b\", \"features\": {\"x\": 1}}"), "modelType");
        assertProblem(http.postJson("/ml/predict", "{\"modelName\": \"\\u0000\", \"features\": {\"x\": 1}}"), "modelName");
        for (Response path : List.of(http.get("/v2/models/a%00b"), http.postJson("/v2/models/a%00b/infer", "{\"inputs\": []}"))) {
            assertThat(path.status()).as(path.toString()).isEqualTo(400); // refused before routing: a NUL is no path character
            assertThat(path.contentType()).startsWith("application/problem+json");
        }
        assertProblem(train("\"hyperparameters\": {\"tree_method\": \"hi\\u0000st\"}"), "hyperparameters");
        assertProblem(train("\"tuning\": {\"space\": {\"tree_method\": [\"hi\\u0000st\"]}}"), "tuning.space");
        assertProblem(train("\"tuning\": {\"space\": {\"max\\u0000depth\": [3]}}"), "tuning.space");
        assertProblem(http.postJson("/ml/models/" + modelId + "/validate",
                "{\"datasetId\": \"" + datasetId + "\", \"thresholds\": {\"accu\\u0000racy\": 0.9}}"), "thresholds");
        assertNothingQueued();
    }

    @Test
    void everyTrainingFieldHasATypeARangeAndASizeCheckedBeforeAnythingIsQueued() {
        Map<String, List<String>> bad = Map.of(
                "trainTestSplit", List.of("NaN", "Infinity", "-Infinity", "\"NaN\"", "-0.5", "0.95", "0", "\"0.2\"", "true"),
                "priority", List.of("NaN", "1.5", "\"\"", "\"5\"", "5000", "-5000", "1e400", "true"),
                "seed", List.of("NaN", "1.5", "\"\"", "\"7\"", "99999999999999999999", "{}"),
                "timeLimitSeconds", List.of("0", "-1", "100000000", "1.5", "\"60\""),
                "datasetId", List.of("\"\"", "\"x\"", "5", "null"),
                "hyperparameters", List.of("[]", "\"x\"", hyperparameters(101)),
                "tuning", List.of("[]", "{\"folds\": 1.5}", "{\"space\": {}}", "{\"space\": {\"max_depth\": " + numbers(201) + "}}"));
        for (Map.Entry<String, List<String>> e : bad.entrySet()) {
            for (String value : e.getValue()) {
                String body = e.getKey().equals("datasetId") ? "\"datasetId\": " + value : "\"" + e.getKey() + "\": " + value;
                Response r = e.getKey().equals("datasetId") ? http.postJson("/ml/models/" + modelId + "/train", "{" + body + "}")
                        : train(body);
                assertThat(r.status()).as(body + " → " + r).isEqualTo(400);
                assertThat(r.json().get("errors").findValuesAsText("field")).as(body + " → " + r)
                        .allMatch(f -> f.startsWith(e.getKey()));
            }
        }
        assertNothingQueued();
        assertThat(http.get("/ml/models/" + modelId).json().get("status").asText()).isEqualTo("created");
    }

    @Test
    void namesAreTextAndListsAndTextHaveSizes() {
        for (String name : List.of("1e309", "true", "12", "[\"m\"]", "{}")) {
            assertProblem(http.postJson("/ml/models", "{" + BASE.replace("\"modelName\": \"m\"", "\"modelName\": " + name) + "}"),
                    "modelName");
        }
        assertProblem(http.postJson("/ml/models", "{" + BASE + ", \"description\": \"" + "d".repeat(4001) + "\"}"), "description");
        Response huge = http.postJson("/ml/models", "{" + BASE + ", \"description\": \"" + "d".repeat(1 << 20) + "\"}");
        assertThat(huge.status()).as(huge.toString()).isEqualTo(413);
        assertProblem(http.postJson("/ml/models", "{" + BASE + ", \"tags\": " + strings(200_000, "t") + "}"), "tags");
        assertProblem(http.postJson("/ml/models", "{" + BASE + ", \"tags\": " + strings(51, "t") + "}"), "tags");
        assertProblem(http.postJson("/ml/models", "{" + BASE + ", \"tags\": [\"" + "t".repeat(101) + "\"]}"), "tags[0]");
        assertProblem(http.postJson("/ml/models", "{" + BASE + ", \"dropColumns\": " + strings(200_000, "c") + "}"), "dropColumns");
        assertProblem(http.postJson("/ml/models", "{" + BASE + ", \"features\": [\"bytes\", \" \"]}"), "features[1]");
        assertProblem(http.postJson("/ml/models", "{" + BASE + ", \"hyperparameters\": " + hyperparameters(101) + "}"), "hyperparameters");
        assertProblem(http.send("PUT", "/ml/models/" + modelId, "application/json", bytes("{\"tags\": " + strings(200_000, "t") + "}")),
                "tags");
        assertThat(http.get("/ml/models").json().get("total").asLong()).isLessThanOrEqualTo(2);
        assertThat(http.get("/ml/models?name=m").json().get("total").asLong()).isZero();
    }

    @Test
    void everyBadHyperparameterIsReportedAndEachFieldOnce() {
        Response r = http.postJson("/ml/models", """
                {"modelName": "", "modelType": " ", "algorithm": "gbm", "targetVariable": "label",
                 "hyperparameters": {"max_depth": 99, "nonsense": 1, "eta": "fast"}}""");
        assertThat(r.status()).isEqualTo(400);
        List<String> fields = r.json().get("errors").findValuesAsText("field");
        assertThat(fields).containsExactly("modelName", "modelType", "hyperparameters");
        assertThat(new HashSet<>(fields)).hasSameSizeAs(fields);
        assertThat(r.json().get("errors").get(0).get("message").asText()).isEqualTo("is required");
        String problems = r.json().get("errors").get(2).get("message").asText();
        assertThat(problems).contains("unknown hyperparameter 'nonsense'", "'max_depth' of gbm must be in [1, 16], got 99",
                "'eta' of gbm must be a number, got 'fast' (a string)");

        Response search = train("\"hyperparameters\": {\"eta\": 2}, \"tuning\": {\"space\": {\"max_depth\": [0, 4, 99], \"nonsense\": [1, 2]}}");
        assertThat(search.status()).isEqualTo(400);
        JsonNode errors = search.json().get("errors");
        assertThat(errors.findValuesAsText("field")).containsExactly("hyperparameters");
        assertThat(errors.get(0).get("message").asText()).contains("'eta' of gbm must be in (0, 1], got 2",
                "in tuning.space, hyperparameter 'max_depth' of gbm must be in [1, 16], got 0", "got 99",
                "in tuning.space, unknown hyperparameter 'nonsense'").doesNotContain("got 4");

        Response both = train("\"hyperparameters\": {\"max_depth\": 0, \"rounds\": -1}, \"trainTestSplit\": NaN");
        assertThat(both.json().get("errors").findValuesAsText("field")).containsExactly("trainTestSplit", "hyperparameters");
        assertThat(both.json().get("errors").get(1).get("message").asText()).contains("'max_depth'").contains("'rounds'");
        assertNothingQueued();
    }

    @Test
    void deployValidateAndJobChangesAreCheckedToo() {
        for (String version : List.of("0", "-1", "1.5", "\"1\"", "true")) {
            assertProblem(http.postJson("/ml/models/" + modelId + "/deploy", "{\"version\": " + version + "}"), "version");
            assertProblem(http.postJson("/ml/models/" + modelId + "/validate",
                    "{\"datasetId\": \"" + datasetId + "\", \"version\": " + version + "}"), "version");
        }
        for (String threshold : List.of("NaN", "\"0.9\"", "Infinity", "{}")) {
            assertProblem(http.postJson("/ml/models/" + modelId + "/validate",
                    "{\"datasetId\": \"" + datasetId + "\", \"thresholds\": {\"accuracy\": " + threshold + "}}"), "thresholds.accuracy");
        }
        String job = "/ml/jobs/" + UUID.randomUUID();
        for (String priority : List.of("null", "\"x\"", "1.5", "NaN", "5000", "[]")) {
            assertProblem(http.send("PATCH", job, "application/json", bytes("{\"priority\": " + priority + "}")), "priority");
        }
        assertThat(http.send("PATCH", job, "application/json", bytes("{\"priority\": 5}")).status()).isEqualTo(404);
    }

    private static Response train(String fields) {
        return http.postJson("/ml/models/" + modelId + "/train", "{\"datasetId\": \"" + datasetId + "\", " + fields + "}");
    }

    private static void assertProblem(Response r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("errors").findValuesAsText("field")).as(r.toString()).contains(field);
    }

    private static void assertNothingQueued() {
        assertThat(http.get("/ml/jobs?modelId=" + modelId).json().get("total").asLong()).isZero();
    }

    private static String strings(int n, String value) {
        return "[" + String.join(",", Collections.nCopies(n, "\"" + value + "\"")) + "]";
    }

    private static String numbers(int n) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(Integer.toString(i));
        }
        return "[" + String.join(",", values) + "]";
    }

    private static String hyperparameters(int n) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add("\"p" + i + "\": 1");
        }
        return "{" + String.join(",", entries) + "}";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
