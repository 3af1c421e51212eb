package io.vigil.server.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.NslKddFiles;
import io.vigil.server.testing.SharedData;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end on NSL-KDD: a gradient-boosting model trained on KDDTrain+ (20% subset, to keep the
 * test short) and validated on KDDTest+ is deployed; all of KDDTest+ is then scored through
 * {@code /ml/predict} in batches of 1,000 and through the async batch job, and the accuracy computed
 * from the answers equals the validation accuracy recorded for that version.
 */
class NslKddServingIT {
    static TestServer server;
    static HttpTestClient http;
    static String modelId;
    static String testSetId;
    static double validationAccuracy;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1"));
        http = server.http();
        ServingFixture jobs = new ServingFixture(http, false);
        String trainId = NslKddFiles.upload(http, "KDDTrain+_20Percent.txt", "kdd-train-20");
        testSetId = NslKddFiles.upload(http, "KDDTest+.txt", "kdd-test");
        Response created = http.postJson("/ml/models", """
                {"modelName": "kdd-serving", "modelType": "intrusion", "algorithm": "gbm",
                 "hyperparameters": {"rounds": 30, "max_depth": 5}, "targetVariable": "label",
                 "dropColumns": ["difficulty"], "binarize": {"negativeClass": "normal", "positiveClass": "attack"}}""");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        modelId = created.json().get("id").asText();
        Response queued = http.postJson("/ml/models/" + modelId + "/train", "{\"datasetId\": \"" + trainId + "\"}");
        assertThat(jobs.waitForJob(queued.json().get("id").asText()).get("state").asText()).isEqualTo("succeeded");
        Instant deadline = Instant.now().plusSeconds(10);
        while ("training".equals(http.get("/ml/models/" + modelId).json().get("status").asText())) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(20);
        }
        JsonNode validation = http.postJson("/ml/models/" + modelId + "/validate",
                "{\"datasetId\": \"" + testSetId + "\", \"thresholds\": {\"accuracy\": 0.5}}").json();
        assertThat(validation.get("passed").asBoolean()).as(validation.toString()).isTrue();
        validationAccuracy = validation.get("metrics").get("accuracy").asDouble();
        assertThat(http.postJson("/ml/models/" + modelId + "/deploy", "{}").status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void accuracyOfKddTestThroughPredictEqualsTheValidationAccuracy() throws Exception {
        List<Map<String, Object>> records = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        String[] columns = NslKddFiles.COLUMNS.split(",");
        for (String line : Files.readAllLines(SharedData.file("nsl-kdd/KDDTest+.txt"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            Map<String, Object> record = new LinkedHashMap<>();
            for (int c = 0; c < columns.length; c++) {
                if (!columns[c].equals("label") && !columns[c].equals("difficulty")) {
                    record.put(columns[c], NslKddFiles.typed(cells[c]));
                }
            }
            records.add(record);
            truth.add(cells[41].equals("normal") ? "normal" : "attack");
        }
        int correct = 0;
        for (int from = 0; from < records.size(); from += 1000) {
            List<Map<String, Object>> batch = records.subList(from, Math.min(records.size(), from + 1000));
            Response r = http.postJson("/ml/predict", Json.write(Map.of("modelType", "intrusion", "instances", batch)));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            JsonNode predictions = r.json().get("predictions");
            assertThat(r.json().get("partial").asBoolean()).isFalse();
            for (int i = 0; i < batch.size(); i++) {
                if (predictions.get(i).get("label").asText().equals(truth.get(from + i))) {
                    correct++;
                }
            }
        }
        assertThat(correct / (double) records.size()).isCloseTo(validationAccuracy, within(1e-12));
    }

    @Test
    void accuracyOfTheAsyncBatchJobEqualsTheValidationAccuracy() throws Exception {
        Response queued = http.postJson("/ml/models/" + modelId + "/batch-predict", "{\"datasetId\": \"" + testSetId + "\"}");
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        JsonNode job = new ServingFixture(http, false).waitForJob(queued.json().get("id").asText());
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        String[] lines = http.get("/ml/datasets/" + job.get("result").get("datasetId").asText() + "/download").text().split("\n");
        List<String> header = List.of(lines[0].split(","));
        int label = header.indexOf("label");
        int predicted = header.indexOf("predicted_label");
        int correct = 0;
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            if ((cells[label].equals("normal") ? "normal" : "attack").equals(cells[predicted])) {
                correct++;
            }
        }
        assertThat(lines.length - 1).isEqualTo(22_544);
        assertThat(correct / (double) (lines.length - 1)).isCloseTo(validationAccuracy, within(1e-12));
    }
}
