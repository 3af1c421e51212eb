package io.vigil.server.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A model trained on a CSV with CIC-IDS2017's header (78 flow features, most names written with a
 * space before them, "Fwd Header Length" twice), generated here since ../shared/datasets holds no
 * CIC-IDS2017 sample. The upload trims the names; records sent with the names as the CSV writes
 * them must score the same. Records that do not fit get bounded, per-record answers.
 */
class CicIdsStyleServingIT {
    /** CIC-IDS2017's MachineLearningCVE header, exactly as its CSV files write it. */
    static final String HEADER = " Destination Port, Flow Duration, Total Fwd Packets, Total Backward Packets,"
            + "Total Length of Fwd Packets, Total Length of Bwd Packets, Fwd Packet Length Max, Fwd Packet Length Min,"
            + " Fwd Packet Length Mean, Fwd Packet Length Std,Bwd Packet Length Max, Bwd Packet Length Min,"
            + " Bwd Packet Length Mean, Bwd Packet Length Std,Flow Bytes/s, Flow Packets/s, Flow IAT Mean, Flow IAT Std,"
            + " Flow IAT Max, Flow IAT Min,Fwd IAT Total, Fwd IAT Mean, Fwd IAT Std, Fwd IAT Max, Fwd IAT Min,"
            + "Bwd IAT Total, Bwd IAT Mean, Bwd IAT Std, Bwd IAT Max, Bwd IAT Min,Fwd PSH Flags, Bwd PSH Flags,"
            + " Fwd URG Flags, Bwd URG Flags, Fwd Header Length, Bwd Header Length,Fwd Packets/s, Bwd Packets/s,"
            + " Min Packet Length, Max Packet Length, Packet Length Mean, Packet Length Std, Packet Length Variance,"
            + "FIN Flag Count, SYN Flag Count, RST Flag Count, PSH Flag Count, ACK Flag Count, URG Flag Count,"
            + " CWE Flag Count, ECE Flag Count, Down/Up Ratio, Average Packet Size, Avg Fwd Segment Size,"
            + " Avg Bwd Segment Size, Fwd Header Length,Fwd Avg Bytes/Bulk, Fwd Avg Packets/Bulk, Fwd Avg Bulk Rate,"
            + " Bwd Avg Bytes/Bulk, Bwd Avg Packets/Bulk,Bwd Avg Bulk Rate,Subflow Fwd Packets, Subflow Fwd Bytes,"
            + " Subflow Bwd Packets, Subflow Bwd Bytes,Init_Win_bytes_forward, Init_Win_bytes_backward,"
            + " act_data_pkt_fwd, min_seg_size_forward,Active Mean, Active Std, Active Max, Active Min,Idle Mean,"
            + " Idle Std, Idle Max, Idle Min, Label";
    static final List<String> CSV_NAMES = List.of(HEADER.split(","));
    static final int FEATURES = CSV_NAMES.size() - 1;

    static TestServer server;
    static HttpTestClient http;
    static ServingFixture fixture;
    static String modelId;
    static List<String> inputs;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1"));
        http = server.http();
        fixture = new ServingFixture(http, false);
        Response uploaded = http.upload("/ml/datasets/upload", "Tuesday-WorkingHours.pcap_ISCX.csv", csv(800, 5),
                Map.of("name", "cic-style", "labelColumn", "Label"));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        String dataset = uploaded.json().get("id").asText();
        Response created = http.postJson("/ml/models", "{\"modelName\": \"cic-gbm\", \"modelType\": \"cic\", \"algorithm\": \"gbm\","
                + " \"targetVariable\": \"Label\", \"hyperparameters\": {\"rounds\": 10, \"max_depth\": 3}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        modelId = created.json().get("id").asText();
        Response queued = http.postJson("/ml/models/" + modelId + "/train", "{\"datasetId\": \"" + dataset + "\", \"seed\": 1}");
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        JsonNode job = fixture.waitForJob(queued.json().get("id").asText());
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        Response holdout = http.upload("/ml/datasets/upload", "Wednesday-workingHours.pcap_ISCX.csv", csv(300, 6),
                Map.of("name", "cic-style-holdout", "labelColumn", "Label"));
        assertThat(holdout.status()).as(holdout.toString()).isEqualTo(201);
        Response validated = http.postJson("/ml/models/" + modelId + "/validate",
                "{\"datasetId\": \"" + holdout.json().get("id").asText() + "\"}");
        assertThat(validated.status()).as(validated.toString()).isEqualTo(200);
        fixture.deploy(modelId, 1);
        inputs = new ArrayList<>();
        http.get("/ml/models/" + modelId + "/versions/1/inputs").json().get("inputs").forEach(i -> inputs.add(i.get("name").asText()));
        assertThat(inputs).as("every feature of the CSV is an input, trimmed, the repeated one numbered")
                .hasSize(FEATURES).contains("Destination Port", "Fwd Header Length", "Fwd Header Length_2");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void recordsCarryingTheNamesAsTheCsvWritesThemScoreLikeTrimmedOnes() {
        List<Map<String, Object>> asCsv = records(5, 77, true);
        List<Map<String, Object>> trimmed = records(5, 77, false);
        for (int i = 0; i < asCsv.size(); i++) {
            Response expected = predict(Map.of("modelType", "cic", "features", trimmed.get(i)));
            assertThat(expected.status()).as(expected.toString()).isEqualTo(200);
            Response r = predict(Map.of("modelType", "cic", "features", asCsv.get(i)));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().get("probabilities")).isEqualTo(expected.json().get("probabilities"));
        }
        // a replayed labelled row carries " Label": the label, once trimmed, is ignored as before
        Map<String, Object> labelled = new LinkedHashMap<>(asCsv.get(0));
        labelled.put(" Label", "BENIGN");
        assertThat(predict(Map.of("modelType", "cic", "features", labelled)).status()).isEqualTo(200);

        Response batch = predict(Map.of("modelType", "cic", "instances", asCsv));
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.json().get("failed").asInt()).isZero();
        Response batchTrimmed = predict(Map.of("modelType", "cic", "instances", trimmed));
        for (int i = 0; i < asCsv.size(); i++) {
            assertThat(batch.json().get("predictions").get(i).get("probabilities"))
                    .isEqualTo(batchTrimmed.json().get("predictions").get(i).get("probabilities"));
        }
        Response explained = predict(Map.of("modelType", "cic", "instances", asCsv, "explain", true));
        assertThat(explained.status()).as(explained.toString()).isEqualTo(200);
        assertThat(explained.json().get("failed").asInt()).isZero();

        // the inference protocol's tensors are named by the same rule
        List<Map<String, Object>> tensors = new ArrayList<>();
        for (String name : asCsv.get(0).keySet()) {
            List<Object> data = new ArrayList<>();
            for (Map<String, Object> r : asCsv) {
                data.add(r.get(name));
            }
            tensors.add(Map.of("name", name, "shape", List.of(asCsv.size()), "datatype", "FP64", "data", data));
        }
        Response oip = http.postJson("/v2/models/cic-gbm/infer", Json.write(Map.of("inputs", tensors)));
        assertThat(oip.status()).as(oip.toString()).isEqualTo(200);
        JsonNode labels = oip.json().get("outputs").get(0).get("data");
        for (int i = 0; i < asCsv.size(); i++) {
            assertThat(labels.get(i).asText()).isEqualTo(batchTrimmed.json().get("predictions").get(i).get("label").asText());
        }
    }

    @Test
    void aNearMissSaysWhatTheFieldWasMeantToBe() {
        Map<String, Object> record = records(1, 3, false).get(0);
        Object port = record.remove("Destination Port");
        record.put("destination_port", port);                 // pandas-style snake case
        Object repeated = record.remove("Fwd Header Length_2");
        record.put(" Fwd Header Length.1", repeated);         // pandas' name for the repeated column
        Response r = predict(Map.of("modelType", "cic", "features", record));
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        Map<String, String> messages = new LinkedHashMap<>();
        r.json().get("errors").forEach(e -> messages.put(e.get("field").asText(), e.get("message").asText()));
        assertThat(messages.get("features.destination_port")).contains("unknown feature", "'Destination Port'");
        assertThat(messages.get("features. Fwd Header Length.1")).contains("unknown feature", "'Fwd Header Length_2'");
        // and a padded name sent beside its trimmed self is one field given twice
        Map<String, Object> twice = records(1, 3, false).get(0);
        twice.put(" Flow Duration", 1.0);
        Response both = predict(Map.of("modelType", "cic", "features", twice));
        assertThat(both.status()).as(both.toString()).isEqualTo(422);
        assertThat(both.json().get("errors").get(0).get("message").asText()).contains("'Flow Duration'");
    }

    @Test
    void aBatchOfRecordsThatDoNotFitIsAnsweredPerRecordInABoundedAnswer() {
        // 1,000 records whose 78 fields all have other names: each misses 78 inputs and has 78 unknown fields
        List<Map<String, Object>> instances = new ArrayList<>();
        for (Map<String, Object> r : records(1000, 11, false)) {
            Map<String, Object> renamed = new LinkedHashMap<>();
            int c = 0;
            for (Object v : r.values()) {
                renamed.put("f" + c++, v);
            }
            instances.add(renamed);
        }
        instances.set(3, records(1, 12, false).get(0)); // one good record among them
        Response r = predict(Map.of("modelType", "cic", "instances", instances));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().length).as("answer bytes").isLessThan(300_000);
        JsonNode b = r.json();
        assertThat(b.get("count").asInt()).isEqualTo(1000);
        assertThat(b.get("failed").asInt()).isEqualTo(999);
        assertThat(b.get("partial").asBoolean()).isTrue();
        List<String> listed = new ArrayList<>();
        b.get("modelInputs").forEach(n -> listed.add(n.asText()));
        assertThat(listed).as("the model's inputs, once for the whole answer").isEqualTo(inputs);
        assertThat(r.text().split("Idle Min", -1)).as("an input's name is not repeated per error").hasSizeLessThan(30);
        int errorsListed = 0;
        for (int i = 0; i < 1000; i++) {
            JsonNode p = b.get("predictions").get(i);
            if (i == 3) {
                assertThat(p.has("label")).as(p.toString()).isTrue();
                continue;
            }
            assertThat(p.get("index").asInt()).isEqualTo(i);
            assertThat(p.get("error").get("detail").asText()).contains(Integer.toString(2 * FEATURES));
            errorsListed += p.get("error").path("errors").size();
        }
        assertThat(b.get("predictions").get(0).get("error").get("errors")).isNotEmpty();
        assertThat(errorsListed).isBetween(1, 100);

        // every record bad: still answered record by record
        Response allBad = predict(Map.of("modelType", "cic", "instances", instances.subList(0, 3)));
        assertThat(allBad.status()).as(allBad.toString()).isEqualTo(200);
        assertThat(allBad.json().get("failed").asInt()).isEqualTo(3);
        Response allBadExplained = predict(Map.of("modelType", "cic", "instances", instances.subList(0, 3), "explain", true));
        assertThat(allBadExplained.status()).as(allBadExplained.toString()).isEqualTo(200);
        assertThat(allBadExplained.json().get("failed").asInt()).isEqualTo(3);

        // one record with 156 problems: a bounded problem document that names the inputs once
        Response one = predict(Map.of("modelType", "cic", "features", instances.get(0)));
        assertThat(one.status()).as(one.toString()).isEqualTo(422);
        assertThat(one.json().get("errors").size()).isLessThanOrEqualTo(100);
        assertThat(one.json().get("detail").asText()).contains(Integer.toString(2 * FEATURES), "Idle Min");
        assertThat(one.text().split("Idle Min", -1)).hasSizeLessThanOrEqualTo(3);
    }

    private static Response predict(Map<String, Object> body) {
        return http.postJson("/ml/predict", Json.write(body));
    }

    /**
     * {@code n} records under the CSV's names ({@code asCsv}) or the trimmed ones. A JSON object
     * cannot carry the repeated name twice: its second column goes by the name the upload gave it.
     */
    static List<Map<String, Object>> records(int n, long seed, boolean asCsv) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (double[] row : rows(n, seed)) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (int c = 0; c < FEATURES; c++) {
                String name = trimmedName(c).endsWith("_2") ? trimmedName(c) : CSV_NAMES.get(c);
                record.put(asCsv ? name : trimmedName(c), row[c]);
            }
            out.add(record);
        }
        return out;
    }

    private static String trimmedName(int c) {
        String name = CSV_NAMES.get(c).strip();
        return name.equals("Fwd Header Length") && c > 40 ? "Fwd Header Length_2" : name;
    }

    /** Rows of random flow measurements; an attack when its flow duration is short. */
    private static List<double[]> rows(int n, long seed) {
        Random random = new Random(seed);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] row = new double[FEATURES + 1];
            for (int c = 0; c < FEATURES; c++) {
                row[c] = Math.round(random.nextDouble() * 1000_000) / 1000.0 + 0.5;
            }
            row[FEATURES] = row[1] < 300 ? 1 : 0;
            rows.add(row);
        }
        return rows;
    }

    private static byte[] csv(int n, long seed) {
        StringBuilder sb = new StringBuilder(HEADER).append("\r\n");
        for (double[] row : rows(n, seed)) {
            for (int c = 0; c < FEATURES; c++) {
                sb.append(String.format(Locale.ROOT, "%.3f", row[c])).append(',');
            }
            sb.append(row[FEATURES] == 1 ? "DoS Hulk" : "BENIGN").append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
