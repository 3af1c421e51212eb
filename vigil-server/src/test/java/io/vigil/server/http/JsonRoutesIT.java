package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route that reads a JSON body (the route table, as {@code openapi.yaml} describes each
 * one's body) refuses a body it cannot use with a 4xx in the caller's terms: {@code null}, another
 * media type, a second document, a body past the reader's limits. Paths name a real model, its
 * trained version and its job, so each handler gets as far as reading the body.
 */
class JsonRoutesIT {
    private static final Pattern INTERNALS = Pattern.compile(
            "(?i)java\\.|jackson|fasterxml|io\\.vigil|StreamRead|\\w+Feature\\b|exception|`");
    static TestServer server;
    static HttpTestClient http;
    static JsonNode spec;
    static String modelId;
    static String jobId;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        http = server.http();
        spec = new ObjectMapper(new YAMLFactory()).readTree(http.get("/openapi.yaml").body());
        Response upload = http.upload("/ml/datasets/upload", "flows.csv", GeneratedFlows.csv(300, 3),
                Map.of("name", "flows", "labelColumn", "label"));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        Response model = http.postJson("/ml/models", """
                {"modelName": "routes", "modelType": "routes", "algorithm": "gbm", "targetVariable": "label",
                 "hyperparameters": {"rounds": 5}}""");
        assertThat(model.status()).as(model.toString()).isEqualTo(201);
        modelId = model.json().get("id").asText();
        Response train = http.postJson("/ml/models/" + modelId + "/train",
                "{\"datasetId\": \"" + upload.json().get("id").asText() + "\"}");
        assertThat(train.status()).as(train.toString()).isEqualTo(202);
        jobId = train.json().get("id").asText();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!"succeeded".equals(http.get("/ml/jobs/" + jobId).json().get("state").asText())) {
            assertThat(Instant.now()).as("training finished").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aNullBodyIsA400OnEveryJsonRoute() {
        List<Route> jsonRoutes = jsonRoutes();
        assertThat(jsonRoutes).as("routes with a JSON body").hasSizeGreaterThanOrEqualTo(12);
        for (Route route : jsonRoutes) {
            for (String body : List.of("null", " null\n")) {
                Response r = http.send(route.method().name(), concrete(route.path()), "application/json", bytes(body));
                assertThat(r.status()).as(route.method() + " " + route.path() + " " + r).isEqualTo(400);
                if (!route.path().startsWith("/v2/")) { // the inference protocol answers in its own error format
                    assertThat(r.contentType()).startsWith(Problem.MEDIA_TYPE);
                    assertThat(r.json().get("detail").asText()).as(route.path()).isEqualTo("the body must be a JSON object; got null");
                }
            }
        }
    }

    @Test
    void onlyJsonIsReadAsJson() {
        for (Route route : jsonRoutes()) {
            for (String type : List.of("application/jsonx", "text/json", "application/x-www-form-urlencoded", "text/plain",
                    "application/json; charset=iso-8859-1", ";", " ; ", "application/json;;;charset=latin1")) {
                if (route.path().startsWith("/v2/")) {
                    continue; // the inference protocol reads its body whatever the header says (binary extension)
                }
                Response r = http.send(route.method().name(), concrete(route.path()), type, bytes("{}"));
                assertThat(r.status()).as(type + " to " + route.path() + " " + r).isEqualTo(415);
                assertThat(r.json().get("detail").asText()).doesNotContainPattern(INTERNALS);
            }
        }
        Response ok = http.send("PUT", "/ml/models/" + modelId, "application/json; charset=UTF-8", bytes("{\"description\": \"d\"}"));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    }

    @Test
    void oneDocumentAndNothingAfterIt() {
        for (String body : List.of("{}garbage", "{}{}", "{} []", "{}\n{\"description\": \"x\"}")) {
            Response r = http.send("PUT", "/ml/models/" + modelId, "application/json", bytes(body));
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json().get("detail").asText()).as(body).startsWith("the body ");
        }
        assertThat(http.get("/ml/models/" + modelId).json().path("description").asText("")).isNotEqualTo("x");
    }

    @Test
    void aFieldGivenTwiceThatARequestCannotTakeIsA400() {
        // a one-field record is built at its first field, so Jackson cannot take the last: this was a 500
        Response r = http.send("POST", "/ml/models/" + modelId + "/deploy", "application/json",
                bytes("{\"version\": 1, \"version\": \"x\", \"version\": 1}"));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).isEqualTo("the body gives the member 'version' more than once (line 1, column 25)");
    }

    @Test
    void theReadersLimitsAnswerClearly() {
        String deep = "{\"hyperparameters\": {\"a\": " + "[".repeat(200) + "]".repeat(200) + "}}";
        Response depth = http.postJson("/ml/models", deep);
        assertThat(depth.status()).isEqualTo(400);
        assertThat(depth.json().get("detail").asText()).isEqualTo("the body nests objects and arrays more than 64 deep");

        Response string = http.postJson("/ml/models", "{\"description\": \"" + "x".repeat(1_200_000) + "\"}");
        assertThat(string.status()).isEqualTo(413);
        assertThat(string.json().get("detail").asText()).isEqualTo("a string in the body is longer than 1000000 characters");

        Response number = http.postJson("/ml/models/" + modelId + "/train", "{\"seed\": 1" + "0".repeat(500) + "}");
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.json().get("detail").asText()).isEqualTo("a number in the body is longer than 100 characters");
    }

    @Test
    void malformedBodiesNameNoInternals() {
        List<String> bodies = List.of("{\"binarize\": {\"positiveClass\": \"x\"}, \"modelName\": \"b\", \"modelType\": \"t\","
                        + " \"algorithm\": \"gbm\", \"targetVariable\": \"label\"}",
                "{\"binarize\": 5}", "{\"tags\": \"x\"}", "{\"tags\": [1]}", "{\"predictionCache\": \"yes\"}", "{\"hyperparameters\": []}",
                "{\"modelName\": {}}", "{\"features\": [[]]}", "{'modelName': 'x'}", "{\"a\": 1, /* c */}", "{\"modelName\": \"x\"",
                "[" + "[".repeat(100), "{\"modelName\": \"\\uZZZZ\"}");
        for (String body : bodies) {
            Response r = http.postJson("/ml/models", body);
            assertThat(r.status()).as(body + " → " + r).isEqualTo(400);
            assertThat(r.text()).as(body).doesNotContainPattern(INTERNALS);
        }
        Response binarize = http.postJson("/ml/models", bodies.get(0));
        assertThat(binarize.json().get("errors").get(0).get("field").asText()).isEqualTo("binarize.negativeClass");
        Response badUtf8 = http.send("POST", "/ml/models", "application/json",
                new byte[] {'{', '"', 'd', 'e', 's', 'c', 'r', 'i', 'p', 't', 'i', 'o', 'n', '"', ':', '"', (byte) 0xff, '"', '}'});
        assertThat(badUtf8.status()).isEqualTo(400);
        assertThat(badUtf8.json().get("detail").asText()).startsWith("the body is not valid JSON: it is not UTF-8 text (line 1, column ");
    }

    /** The table's routes whose description takes an {@code application/json} request body. */
    private static List<Route> jsonRoutes() {
        List<Route> out = new ArrayList<>();
        for (Route route : server.routes()) {
            JsonNode op = spec.path("paths").path(route.path()).path(route.method().name().toLowerCase(Locale.ROOT));
            if (op.path("requestBody").path("content").has("application/json")) {
                out.add(route);
            }
        }
        return out;
    }

    private static String concrete(String path) {
        return path.replace("/ml/jobs/{id}", "/ml/jobs/" + jobId).replace("{id}", modelId).replace("{name}", "routes")
                .replace("{version}", "1").replace("{assetId}", "json-routes-asset").replace("{key}", "entity-1")
                .replace("{section}", "thresholds").replace("{jobId}", jobId);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
