package io.vigil.server.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Open Inference Protocol v2 requests, shaped as the protocol's documentation shows, against a deployed model. */
class InferenceProtocolIT {
    static TestServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1"));
        http = server.http();
        ServingFixture fixture = new ServingFixture(http);
        fixture.deploy(fixture.validatedModel("flows-oip", "intrusion", 1), 1);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthAndModelMetadata() {
        assertThat(http.get("/v2/health/live").json().get("live").asBoolean()).isTrue();
        assertThat(http.get("/v2/health/ready").json().get("ready").asBoolean()).isTrue();
        JsonNode meta = http.get("/v2/models/flows-oip").json();
        assertThat(meta.get("name").asText()).isEqualTo("flows-oip");
        assertThat(meta.get("versions").get(0).asText()).isEqualTo("1");
        assertThat(meta.get("platform").asText()).isEqualTo("vigil-gbm");
        List<String> inputs = new ArrayList<>();
        meta.get("inputs").forEach(i -> inputs.add(i.get("name").asText() + ":" + i.get("datatype").asText()));
        assertThat(inputs).containsExactlyInAnyOrder("bytes:FP64", "duration:FP64", "dst_port:FP64", "proto:BYTES");
        assertThat(meta.get("outputs").get(1).get("shape").toString()).isEqualTo("[-1,2]");
        assertThat(http.get("/v2/models/flows-oip/ready").json().get("ready").asBoolean()).isTrue();
        Response missing = http.get("/v2/models/nope/ready");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asText()).contains("nope");
    }

    @Test
    void inferWithOneTensorPerInput() {
        Response r = http.postJson("/v2/models/flows-oip/infer", """
                {
                  "id" : "42",
                  "inputs" : [
                    { "name" : "bytes", "shape" : [ 2 ], "datatype" : "FP32", "data" : [ 40, 30000 ] },
                    { "name" : "duration", "shape" : [ 2, 1 ], "datatype" : "FP32", "data" : [ [ 0.01 ], [ 12.5 ] ] },
                    { "name" : "dst_port", "shape" : [ 2 ], "datatype" : "INT64", "data" : [ 22, 443 ] },
                    { "name" : "proto", "shape" : [ 2 ], "datatype" : "BYTES", "data" : [ "tcp", "tcp" ] }
                  ],
                  "outputs" : [ { "name" : "label" }, { "name" : "probabilities" } ]
                }""");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("id").asText()).isEqualTo("42");
        assertThat(body.get("model_name").asText()).isEqualTo("flows-oip");
        assertThat(body.get("model_version").asText()).isEqualTo("1");
        assertThat(body.get("outputs")).hasSize(2);
        JsonNode label = body.get("outputs").get(0);
        assertThat(label.get("name").asText()).isEqualTo("label");
        assertThat(label.get("datatype").asText()).isEqualTo("BYTES");
        assertThat(label.get("data").get(0).asText()).isEqualTo("attack");
        assertThat(label.get("data").get(1).asText()).isEqualTo("normal");
        JsonNode p = body.get("outputs").get(1);
        assertThat(p.get("shape").toString()).isEqualTo("[2,2]");
        assertThat(p.get("datatype").asText()).isEqualTo("FP32");
        assertThat(p.get("data").get(0).asDouble() + p.get("data").get(1).asDouble()).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void inferWithOneMatrixInTheModelsInputOrder() {
        List<String> order = new ArrayList<>();
        http.get("/v2/models/flows-oip").json().get("inputs").forEach(i -> order.add(i.get("name").asText()));
        Map<String, Object> attack = Map.of("bytes", 40, "duration", 0.01, "dst_port", 22, "proto", "tcp");
        StringBuilder row = new StringBuilder();
        for (String name : order) {
            Object v = attack.get(name);
            row.append(row.length() == 0 ? "" : ", ").append(v instanceof String ? "\"" + v + "\"" : v);
        }
        Response r = http.postJson("/v2/models/flows-oip/versions/1/infer",
                "{\"inputs\": [{\"name\": \"input-0\", \"shape\": [1, 4], \"datatype\": \"BYTES\", \"data\": [" + row + "]}]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode outputs = r.json().get("outputs");
        assertThat(outputs.get(0).get("data").get(0).asText()).isEqualTo("attack");
        assertThat(outputs.findValuesAsText("name")).contains("label", "probabilities", "confidence");
    }

    @Test
    void errorsFollowTheProtocol() {
        Response missingInput = http.postJson("/v2/models/flows-oip/infer", """
                {"inputs": [{"name": "bytes", "shape": [1], "datatype": "FP32", "data": [40]}]}""");
        assertThat(missingInput.status()).isEqualTo(400);
        assertThat(missingInput.json().get("error").asText()).contains("duration", "dst_port", "proto");
        Response badShape = http.postJson("/v2/models/flows-oip/infer", """
                {"inputs": [{"name": "bytes", "shape": [3], "datatype": "FP32", "data": [40]}]}""");
        assertThat(badShape.status()).isEqualTo(400);
        assertThat(http.postJson("/v2/models/flows-oip/versions/9/infer", "{\"inputs\": []}").status()).isEqualTo(404);
        Response badValue = http.postJson("/v2/models/flows-oip/infer", """
                {"inputs": [{"name": "bytes", "shape": [1], "datatype": "FP32", "data": ["lots"]},
                            {"name": "duration", "shape": [1], "datatype": "FP32", "data": [1]},
                            {"name": "dst_port", "shape": [1], "datatype": "FP32", "data": [22]},
                            {"name": "proto", "shape": [1], "datatype": "BYTES", "data": ["tcp"]}]}""");
        // the protocol's "error", in a problem document whose title and status say what the HTTP status says
        for (Response r : List.of(missingInput, badShape, badValue, http.get("/v2/models/nope"),
                http.get("/v2/models/flows-oip/versions/9/ready"))) {
            assertThat(r.contentType()).startsWith("application/problem+json");
            JsonNode problem = r.json();
            assertThat(problem.get("error").asText()).isNotBlank();
            assertThat(problem.get("status").asInt()).as(r.toString()).isEqualTo(r.status());
            assertThat(problem.get("title").asText()).as(r.toString()).isEqualTo(r.status() == 400 ? "Bad request" : "Not found");
            assertThat(problem.get("type").asText()).as(r.toString())
                    .isEqualTo("https://vigil.dev/problems/" + (r.status() == 400 ? "bad-request" : "not-found"));
            assertThat(problem.get("requestId").asText()).isEqualTo(r.header("X-Request-Id"));
        }
        assertThat(badValue.json().get("error").asText()).contains("bytes", "must be a number");
    }

    @Test
    void everyEndpointTheProtocolRequiresAnswers() {
        // server metadata: name, version, extensions
        Response server = http.get("/v2");
        assertThat(server.status()).as(server.toString()).isEqualTo(200);
        assertThat(server.json().get("name").asText()).isEqualTo("vigil");
        assertThat(server.json().get("version").asText()).isEqualTo(http.get("/health").json().get("version").asText());
        List<String> extensions = new ArrayList<>();
        server.json().get("extensions").forEach(e -> extensions.add(e.asText()));
        assertThat(extensions).contains("binary_tensor_data");
        // readiness of one version, as of the model
        Response ready = http.get("/v2/models/flows-oip/versions/1/ready");
        assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
        assertThat(ready.json().get("name").asText()).isEqualTo("flows-oip");
        assertThat(ready.json().get("ready").asBoolean()).isTrue();
        assertThat(http.get("/v2/models/flows-oip/versions/9/ready").status()).isEqualTo(404);
        assertThat(http.get("/v2/models/flows-oip/versions/latest/ready").status()).isEqualTo(404);
        assertThat(http.get("/v2/models/flows-oip/versions/1").json().get("name").asText()).isEqualTo("flows-oip");
    }

    @Test
    void membersInAnyOrderNullsAsMissingNumericTextAndPredictionIdsOnRequest() {
        // data before name and shape, parameters skipped, a null and numeric text in numeric inputs
        Response r = http.postJson("/v2/models/flows-oip/infer", """
                {
                  "outputs" : [ { "name" : "prediction_id" }, { "name" : "label", "parameters" : { "binary_data" : false } } ],
                  "parameters" : { "sequence_id" : 7 },
                  "inputs" : [
                    { "data" : [ 40, null, 40 ], "datatype" : "FP64", "shape" : [ 3 ], "name" : "bytes" },
                    { "name" : "duration", "shape" : [ 3 ], "datatype" : "FP64", "data" : [ "0.01", 12.5, 0.01 ] },
                    { "name" : "dst_port", "shape" : [ 3 ], "datatype" : "INT64", "data" : [ 22, 443, 22 ] },
                    { "name" : "proto", "shape" : [ 3 ], "datatype" : "BYTES", "data" : [ "tcp", "tcp", null ] }
                  ]
                }""");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode outputs = r.json().get("outputs");
        assertThat(outputs.findValuesAsText("name")).containsExactly("label", "prediction_id");
        assertThat(outputs.get(0).get("data").get(0).asText()).isEqualTo("attack");
        JsonNode ids = outputs.get(1).get("data");
        assertThat(ids).hasSize(3);
        java.util.UUID first = java.util.UUID.fromString(ids.get(0).asText());
        assertThat(ids.get(2).asText()).isEqualTo(io.vigil.server.core.Uuids.inBlock(first, 2).toString());
    }

    @Test
    void everyBadValueIsNamedAndNothingIsScored() {
        Response r = http.postJson("/v2/models/flows-oip/infer", """
                {"inputs": [
                  {"name": "bytes", "shape": [2], "datatype": "FP64", "data": [40, "lots"]},
                  {"name": "duration", "shape": [2], "datatype": "FP64", "data": [0.01, 1]},
                  {"name": "dst_port", "shape": [2], "datatype": "INT64", "data": [22, 22]},
                  {"name": "proto", "shape": [2], "datatype": "BYTES", "data": ["tcp", "tcp"]},
                  {"name": "colour", "shape": [2], "datatype": "BYTES", "data": ["red", "blue"]}
                ]}""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("bytes: row 1: must be a number, got 'lots'", "colour: unknown input");
        Response nested = http.postJson("/v2/models/flows-oip/infer", """
                {"inputs": [{"name": "bytes", "shape": [1], "datatype": "FP64", "data": [{"a": 1}]}]}""");
        assertThat(nested.status()).isEqualTo(400);
        assertThat(nested.json().get("error").asText()).contains("tensor data holds numbers");
        assertThat(http.postJson("/v2/models/flows-oip/infer", "{\"inputs\": [1, 2]}").status()).isEqualTo(400);
        assertThat(http.postJson("/v2/models/flows-oip/infer", "[]").status()).isEqualTo(400);
        assertThat(http.postJson("/v2/models/flows-oip/infer", "{\"inputs\": [{\"name\": \"bytes\"").status()).isEqualTo(400);
    }

    /** Found by the fuzz run (HttpFuzzIT): a request followed by anything else was scored as if the rest were not there. */
    @Test
    void aBodyWithMoreThanTheRequestObjectIsRefused() {
        String request = """
                {"inputs": [
                  {"name": "bytes", "shape": [1], "datatype": "FP64", "data": [40]},
                  {"name": "duration", "shape": [1], "datatype": "FP64", "data": [0.01]},
                  {"name": "dst_port", "shape": [1], "datatype": "INT64", "data": [22]},
                  {"name": "proto", "shape": [1], "datatype": "BYTES", "data": ["tcp"]}
                ]}""";
        assertThat(http.postJson("/v2/models/flows-oip/infer", request).status()).isEqualTo(200);
        for (String more : new String[] {"garbage", " {}", "\n" + request, "]"}) {
            Response r = http.postJson("/v2/models/flows-oip/infer", request + more);
            assertThat(r.status()).as("a request followed by '%s'", more.strip()).isEqualTo(400);
            assertThat(r.json().get("error").asText()).isNotBlank();
        }
        assertThat(http.postJson("/v2/models/flows-oip/infer", request + " \n\t ").status()).as("white space after it").isEqualTo(200);
        byte[] withData = (request + "{}").getBytes(StandardCharsets.UTF_8);
        Response inHeader = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/v2/models/flows-oip/infer"))
                .header("Inference-Header-Content-Length", Integer.toString(withData.length))
                .POST(HttpRequest.BodyPublishers.ofByteArray(withData)));
        assertThat(inHeader.status()).isEqualTo(400);
        assertThat(inHeader.json().get("error").asText()).contains("nothing after it");
    }

    @Test
    void binaryTensorDataInAndOutAsTritonClientsSendIt() {
        // shaped like the extension's documented example: JSON, then each binary input's bytes in input order
        String header = """
                {
                  "inputs" : [
                    { "name" : "bytes", "shape" : [ 2 ], "datatype" : "FP32", "parameters" : { "binary_data_size" : 8 } },
                    { "name" : "duration", "shape" : [ 2, 1 ], "datatype" : "FP64", "parameters" : { "binary_data_size" : 16 } },
                    { "name" : "dst_port", "shape" : [ 2 ], "datatype" : "INT64", "data" : [ 22, 443 ] },
                    { "name" : "proto", "shape" : [ 2 ], "datatype" : "BYTES", "parameters" : { "binary_data_size" : 14 } }
                  ],
                  "outputs" : [
                    { "name" : "label", "parameters" : { "binary_data" : true } },
                    { "name" : "probabilities", "parameters" : { "binary_data" : true } },
                    { "name" : "confidence" }
                  ]
                }""";
        ByteBuffer data = ByteBuffer.allocate(8 + 16 + 14).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(40f).putFloat(30_000f).putDouble(0.01).putDouble(12.5);
        data.putInt(3).put("tcp".getBytes(StandardCharsets.UTF_8)).putInt(3).put("tcp".getBytes(StandardCharsets.UTF_8));
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[json.length + data.capacity()];
        System.arraycopy(json, 0, body, 0, json.length);
        System.arraycopy(data.array(), 0, body, json.length, data.capacity());
        Response r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/v2/models/flows-oip/infer"))
                .header("Content-Type", "application/octet-stream")
                .header("Inference-Header-Content-Length", Integer.toString(json.length))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/octet-stream");
        int jsonLength = Integer.parseInt(r.header("Inference-Header-Content-Length"));
        JsonNode outputs = readTree(java.util.Arrays.copyOf(r.body(), jsonLength)).get("outputs");
        ByteBuffer out = ByteBuffer.wrap(r.body(), jsonLength, r.body().length - jsonLength).order(ByteOrder.LITTLE_ENDIAN);
        JsonNode label = outputs.get(0);
        assertThat(label.has("data")).isFalse();
        int labelBytes = label.get("parameters").get("binary_data_size").asInt();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            byte[] text = new byte[out.getInt()];
            out.get(text);
            labels.add(new String(text, StandardCharsets.UTF_8));
        }
        assertThat(labels).containsExactly("attack", "normal");
        assertThat(labelBytes).isEqualTo(4 + 6 + 4 + 6);
        JsonNode p = outputs.get(1);
        assertThat(p.get("shape").toString()).isEqualTo("[2,2]");
        assertThat(p.get("parameters").get("binary_data_size").asInt()).isEqualTo(16);
        float[] probabilities = {out.getFloat(), out.getFloat(), out.getFloat(), out.getFloat()};
        assertThat(out.hasRemaining()).isFalse();
        assertThat(probabilities[0] + probabilities[1]).isCloseTo(1f, within(1e-6f));
        JsonNode confidence = outputs.get(2);
        assertThat(confidence.get("data").get(1).floatValue()).isEqualTo(Math.max(probabilities[2], probabilities[3]));

        // sizes that do not add up are refused, naming the input
        byte[] truncated = java.util.Arrays.copyOf(body, body.length - 3);
        Response bad = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/v2/models/flows-oip/infer"))
                .header("Inference-Header-Content-Length", Integer.toString(json.length))
                .POST(HttpRequest.BodyPublishers.ofByteArray(truncated)));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).contains("proto");
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
