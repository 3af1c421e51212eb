package io.vigil.server.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Suricata-EVE-shaped events: nested objects. The upload reads them as dotted columns, the model
 * trains on those, and the same raw events sent for scoring are expanded the same way, alone, in
 * batches, and mixed with dotted keys.
 */
class NestedEventsIT {
    static TestServer server;
    static HttpTestClient http;
    static String modelId;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1"));
        http = server.http();
        Response uploaded = http.upload("/ml/datasets/upload", "eve.json", jsonLines(events(1500, 3, true)),
                Map.of("labelColumn", "label"));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        JsonNode dataset = uploaded.json();
        List<String> columns = new ArrayList<>();
        dataset.get("schema").forEach(c -> columns.add(c.get("name").asText()));
        assertThat(columns).containsExactly("timestamp", "event_type", "dest_port", "proto", "flow.bytes_toserver", "flow.age",
                "flow.tcp.syn", "label");

        Response created = http.postJson("/ml/models", "{\"modelName\": \"eve\", \"modelType\": \"eve\", \"algorithm\": \"gbm\","
                + " \"targetVariable\": \"label\", \"dropColumns\": [\"timestamp\"], \"hyperparameters\": {\"rounds\": 8, \"max_depth\": 3}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        modelId = id;
        ServingFixture fixture = new ServingFixture(http, false);
        Response queued = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + dataset.get("id").asText() + "\"}");
        JsonNode job = fixture.waitForJob(queued.json().get("id").asText());
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        Response holdout = http.upload("/ml/datasets/upload", "holdout.json", jsonLines(events(400, 4, true)),
                Map.of("labelColumn", "label"));
        Response validated = http.postJson("/ml/models/" + id + "/validate",
                "{\"datasetId\": \"" + holdout.json().get("id").asText() + "\", \"version\": 1}");
        assertThat(validated.json().get("metrics").get("accuracy").asDouble()).as(validated.toString()).isGreaterThan(0.9);
        fixture.deploy(id, 1);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void rawEventsScoreLikeTheirDottedForm() {
        List<Map<String, Object>> raw = events(200, 9, false);
        List<Map<String, Object>> dotted = new ArrayList<>();
        for (Map<String, Object> e : raw) {
            dotted.add(dotted(e));
        }
        List<String> labels = new ArrayList<>();
        for (Map<String, Object> e : raw) {
            Response r = http.postJson("/ml/predict", Json.write(Map.of("modelType", "eve", "features", e)));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            labels.add(r.json().get("label").asText());
        }
        assertThat(batchLabels(raw)).isEqualTo(labels);
        assertThat(batchLabels(dotted)).isEqualTo(labels);
        long right = 0;
        for (int i = 0; i < raw.size(); i++) {
            right += labels.get(i).equals(raw.get(i).get("label")) ? 1 : 0;
        }
        assertThat(right).as("accuracy on separate events").isGreaterThan(170);
    }

    @Test
    void fieldsTheTrainingEventsSometimesLackMayBeLeftOutOthersAreRequired() {
        // every 7th training event had no flow object, so its fields are optional; dest_port never was absent
        Map<String, Object> noFlow = events(1, 5, false).get(0);
        noFlow.remove("flow");
        Response r = http.postJson("/ml/predict", Json.write(Map.of("modelType", "eve", "features", noFlow)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<Map<String, Object>> mixed = events(20, 6, false);
        mixed.get(3).remove("flow");
        assertThat(batchLabels(mixed)).hasSize(20);

        Map<String, Object> noPort = events(1, 5, false).get(0);
        noPort.remove("dest_port");
        ((Map<?, ?>) noPort.get("flow")).remove("age");
        r = http.postJson("/ml/predict", Json.write(Map.of("modelType", "eve", "features", noPort)));
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().get("errors").toString()).contains("features.dest_port").contains("is required")
                .doesNotContain("features.flow.age");
        r = http.postJson("/ml/predict", Json.write(Map.of("modelType", "eve", "instances", List.of(noPort, noFlow))));
        assertThat(r.json().get("failed").asInt()).as(r.toString()).isEqualTo(1);
        assertThat(r.json().get("predictions").get(0).toString()).contains("instances[0].dest_port");
    }

    @Test
    void aFileNoneOfWhoseEventsHasAnOptionalFieldIsValidatedAndScoredButOneWithoutARequiredFieldIsRefused() throws Exception {
        List<Map<String, Object>> noFlows = events(50, 8, false);
        noFlows.forEach(e -> e.remove("flow")); // no column flow.* at all in this file
        String noFlowSet = http.upload("/ml/datasets/upload", "no-flows.json", jsonLines(noFlows), Map.of("labelColumn", "label"))
                .json().get("id").asText();
        Response validated = http.postJson("/ml/models/" + modelId + "/validate", "{\"datasetId\": \"" + noFlowSet + "\", \"version\": 1}");
        assertThat(validated.status()).as(validated.toString()).isEqualTo(200);
        assertThat(validated.json().get("metrics").get("rows").asInt()).isEqualTo(50);
        Response queued = http.postJson("/ml/models/" + modelId + "/batch-predict", "{\"datasetId\": \"" + noFlowSet + "\"}");
        JsonNode job = new ServingFixture(http, false).waitForJob(queued.json().get("id").asText());
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("result").get("rows").asLong()).isEqualTo(50);

        List<Map<String, Object>> noPorts = events(50, 8, false);
        noPorts.forEach(e -> e.remove("dest_port"));
        String noPortSet = http.upload("/ml/datasets/upload", "no-ports.json", jsonLines(noPorts), Map.of("labelColumn", "label"))
                .json().get("id").asText();
        Response refused = http.postJson("/ml/models/" + modelId + "/validate", "{\"datasetId\": \"" + noPortSet + "\", \"version\": 1}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().get("detail").asText()).contains("[dest_port]");
        Response refusedJob = http.postJson("/ml/models/" + modelId + "/batch-predict", "{\"datasetId\": \"" + noPortSet + "\"}");
        assertThat(refusedJob.status()).as(refusedJob.toString()).isEqualTo(422);
    }

    @Test
    void inferenceProtocolRequestsMayLeaveOutOptionalInputsButNotRequiredOnes() {
        String inputs = """
                { "name" : "event_type", "shape" : [ 1 ], "datatype" : "BYTES", "data" : [ "flow" ] },
                { "name" : "proto", "shape" : [ 1 ], "datatype" : "BYTES", "data" : [ "tcp" ] }""";
        Response r = http.postJson("/v2/models/eve/infer", "{\"inputs\": [" + inputs
                + ", { \"name\" : \"dest_port\", \"shape\" : [ 1 ], \"datatype\" : \"INT64\", \"data\" : [ 22 ] }]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("outputs").get(0).get("data")).hasSize(1);
        Response refused = http.postJson("/v2/models/eve/infer", "{\"inputs\": [" + inputs + "]}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400); // the protocol's error answer
        assertThat(refused.json().get("error").asText()).contains("dest_port: is required").doesNotContain("flow.age");
    }

    @Test
    void aVersionsInputsSayWhichAreRequired() {
        JsonNode schema = http.get("/ml/models/" + modelId + "/versions/1/inputs").json();
        Map<String, Boolean> required = new LinkedHashMap<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        schema.get("inputs").forEach(i -> {
            required.put(i.get("name").asText(), i.get("required").asBoolean());
            kinds.put(i.get("name").asText(), i.get("kind").asText());
        });
        assertThat(required).containsEntry("dest_port", true).containsEntry("proto", true).containsEntry("flow.age", false)
                .containsEntry("flow.tcp.syn", false).doesNotContainKeys("timestamp", "label");
        assertThat(kinds).containsEntry("proto", "categorical").containsEntry("flow.bytes_toserver", "numeric");
        assertThat(schema.get("ignored").toString()).isEqualTo("[\"label\",\"timestamp\"]");
        assertThat(http.get("/ml/models/" + modelId + "/versions/9/inputs").status()).isEqualTo(404);
    }

    @Test
    void nestedFieldsTheModelDoesNotKnowAreNamedByTheirPath() {
        Map<String, Object> wrong = events(1, 5, false).get(0);
        ((Map<String, Object>) wrong.get("flow")).put("age", Map.of("seconds", 3));
        wrong.put("extra", Map.of("k", 1));
        Response r = http.postJson("/ml/predict", Json.write(Map.of("modelType", "eve", "features", wrong)));
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().get("errors").toString()).contains("features.flow.age.seconds").contains("features.extra.k")
                .contains("unknown feature");
    }

    private static List<String> batchLabels(List<Map<String, Object>> records) {
        Response r = http.postJson("/ml/predict", Json.write(Map.of("modelType", "eve", "instances", records)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("failed").asInt()).as(r.toString()).isZero();
        List<String> out = new ArrayList<>();
        r.json().get("predictions").forEach(p -> out.add(p.get("label").asText()));
        return out;
    }

    /** Generated flows as EVE-like events: counters in a {@code flow} object, a flag one level deeper. */
    static List<Map<String, Object>> events(int n, long seed, boolean sparse) {
        List<Map<String, Object>> out = new ArrayList<>();
        int i = 0;
        for (Map<String, Object> row : GeneratedFlows.rows(n, seed)) {
            Map<String, Object> flow = new LinkedHashMap<>();
            flow.put("bytes_toserver", row.get("bytes"));
            flow.put("age", row.get("duration"));
            flow.put("tcp", Map.of("syn", "tcp".equals(row.get("proto"))));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("timestamp", "2026-11-24T08:00:" + String.format("%02d", i++ % 60) + "Z");
            e.put("event_type", "flow");
            e.put("dest_port", row.get("dst_port"));
            e.put("proto", row.get("proto"));
            if (!sparse || i % 7 != 0) { // EVE leaves out what a line does not have
                e.put("flow", flow);
            }
            e.put("label", row.get("label"));
            out.add(e);
        }
        return out;
    }

    private static Map<String, Object> dotted(Map<String, Object> event) {
        Map<String, Object> out = new LinkedHashMap<>(event);
        Map<?, ?> flow = (Map<?, ?>) out.remove("flow");
        out.put("flow.bytes_toserver", flow.get("bytes_toserver"));
        out.put("flow.age", flow.get("age"));
        out.put("flow.tcp.syn", ((Map<?, ?>) flow.get("tcp")).get("syn"));
        return out;
    }

    private static byte[] jsonLines(List<Map<String, Object>> events) {
        StringBuilder sb = new StringBuilder();
        events.forEach(e -> sb.append(Json.write(e)).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
