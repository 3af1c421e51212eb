package io.vigil.server.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A training whose test part is tiny: the job warns about classes with a handful of test rows or
 * none, the artifacts list the classes without test rows, and the macro averages are over the
 * classes the test rows mention.
 */
class SmallTestPartIT {
    static TestServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTenRowDatasetWarnsThatItsFiguresRestOnTwoRows() throws Exception {
        // 6 normal, 3 dos, 1 heartbleed: a 20 % stratified split tests on 1 normal and 1 dos row, no heartbleed
        StringBuilder csv = new StringBuilder("bytes,dst_port,label\n");
        for (int i = 0; i < 6; i++) csv.append(500 + 100 * i).append(",443,normal\n");
        for (int i = 0; i < 3; i++) csv.append(10 + i).append(",22,dos\n");
        csv.append("70000,443,heartbleed\n");
        Response uploaded = http.upload("/ml/datasets/upload", "ten.csv", csv.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("name", "ten", "labelColumn", "label"));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        Response model = http.postJson("/ml/models", """
                {"modelName": "ten-rows", "modelType": "tiny", "algorithm": "gbm", "targetVariable": "label",
                 "hyperparameters": {"rounds": 5, "max_depth": 2}}""");
        String id = model.json().get("id").asText();
        Response queued = http.postJson("/ml/models/" + id + "/train", "{\"datasetId\": \"" + uploaded.json().get("id").asText() + "\"}");
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        JsonNode job = ModelLifecycleITSupport.waitForJob(http, queued.json().get("id").asText(), Duration.ofSeconds(60));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");

        List<String> warnings = new ArrayList<>();
        http.get("/ml/jobs/" + job.get("id").asText() + "/logs").json().get("lines").forEach(line -> {
            if (line.get("level").asText().equals("warn")) warnings.add(line.get("message").asText());
        });
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("[heartbleed]").contains("no test rows"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("fewer than 5 test rows (of 2)").contains("normal=1").contains("dos=1"));

        JsonNode artifacts = http.get("/ml/models/" + id + "/artifacts").json();
        assertThat(artifacts.get("classesWithoutTestRows").toString()).isEqualTo("[\"heartbleed\"]");
        // macro F1 over the classes the two test rows have as truth or prediction, not over all three
        JsonNode counts = artifacts.get("confusionMatrix").get("counts");
        double sum = 0;
        int present = 0;
        JsonNode perClass = artifacts.get("perClass"); // in the confusion matrix's class order
        for (int k = 0; k < perClass.size(); k++) {
            long predicted = 0;
            for (JsonNode row : counts) predicted += row.get(k).asLong();
            if (perClass.get(k).get("support").asLong() > 0 || predicted > 0) {
                sum += perClass.get(k).get("f1").asDouble();
                present++;
            }
        }
        assertThat(present).isLessThan(3);
        double macroF1 = http.get("/ml/models/" + id + "/versions/1").json().get("metrics").get("macro_f1").asDouble();
        assertThat(macroF1).isCloseTo(sum / present, within(1e-9));
    }
}
