package io.vigil.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.core.Json;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.NslKddFiles;
import io.vigil.server.testing.S3MockServer;
import io.vigil.server.testing.SharedData;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server whose blobs are in S3 (the test run's one S3Mock), training on Spark: Spark reads the dataset's object
 * straight from the bucket through Hadoop's S3A connector ({@code s3a://}), with the endpoint and credentials the
 * server hands it, and no scratch copy is made. The secret key shows in no job log and no job.
 */
class SparkTrainingOnS3IT {
    static TestServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() {
        server = TestServer.start(S3MockServer.serverEnv());
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void sparkReadsTheDatasetStraightFromTheBucket() throws Exception {
        String datasetId = upload(3000);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelName", "kdd-spark-s3");
        body.put("modelType", "kdd-spark-s3");
        body.put("algorithm", "gbm");
        body.put("hyperparameters", Map.of("rounds", 5, "max_depth", 3));
        body.put("targetVariable", "label");
        body.put("dropColumns", List.of("difficulty"));
        body.put("binarize", Map.of("negativeClass", "normal", "positiveClass", "attack"));
        Response created = http.postJson("/ml/models", Json.write(body));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();

        Response queued = http.postJson("/ml/models/" + id + "/train", Json.write(Map.of("datasetId", datasetId, "engine", "spark")));
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        String jobId = queued.json().get("id").asText();
        JsonNode job = waitForJob(jobId, Duration.ofMinutes(3));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");

        String log = http.get("/ml/jobs/" + jobId + "/logs").text();
        assertThat(log).contains("the training engine reads the dataset in place at s3a://" + server.config().storage().s3().bucket()
                + "/sha256/").doesNotContain("scratch CSV");
        assertThat(log + job).doesNotContain(S3MockServer.SECRET_KEY);
        JsonNode version = http.get("/ml/models/" + id + "/versions/1").json();
        assertThat(version.get("metrics").get("accuracy").asDouble()).as(version.toString()).isGreaterThan(0.9);
        JsonNode evaluatedOn = http.get("/ml/models/" + id + "/artifacts").json().get("evaluatedOn");
        assertThat(version.get("provenance").get("rows").asLong() + evaluatedOn.get("sampledFrom").asLong()).isEqualTo(3000);
        try (Stream<java.nio.file.Path> left = Files.list(server.config().scratchDir())) {
            assertThat(left.filter(f -> f.getFileName().toString().startsWith("training-rows-")).toList()).isEmpty();
        }
    }

    private static String upload(int lines) throws java.io.IOException {
        try (Stream<String> all = Files.lines(SharedData.file("nsl-kdd/KDDTrain+_20Percent.txt"))) {
            byte[] csv = (String.join("\n", all.limit(lines).toList()) + "\n").getBytes(StandardCharsets.UTF_8);
            Response r = http.upload("/ml/datasets/upload", "KDDTrain+_20Percent.txt", csv,
                    Map.of("name", "kdd-s3-" + lines, "columns", NslKddFiles.COLUMNS, "labelColumn", "label", "format", "csv"));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            return r.json().get("id").asText();
        }
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
}
