package io.vigil.server.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The periodic sweep of a running server, with every kind of blob it stores: uploaded datasets, a
 * model bundle, a batch job's output dataset and a concatenation. Once all are older than the grace
 * period, only the blob that no record points to goes, and everything else still reads.
 */
class StoredBlobsSweepIT {
    @Test
    void onlyTheBlobNoRecordPointsToIsCollected() throws Exception {
        try (TestServer server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1", "VIGIL_STORAGE_ORPHAN_SWEEP_SECONDS", "1"))) {
            HttpTestClient http = server.http();
            ServingFixture fixture = new ServingFixture(http);
            String modelId = fixture.validatedModel("swept", "sweep", 1);
            Response queued = http.postJson("/ml/models/" + modelId + "/batch-predict", "{\"datasetId\": \"" + fixture.holdout + "\"}");
            assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
            JsonNode job = fixture.waitForJob(queued.json().get("id").asText());
            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
            String batchOutput = job.get("result").get("datasetId").asText();
            Response joined = http.postJson("/ml/datasets/concat", "{\"name\": \"both\", \"datasetIds\": [\""
                    + fixture.trainingSet + "\", \"" + fixture.holdout + "\"]}");
            assertThat(joined.status()).as(joined.toString()).isEqualTo(201);

            Path blobs = server.dataDir().resolve("blobs").resolve("sha256");
            Path orphan = writeOrphan(blobs, "stored by an upload whose server died before its row");
            Set<Path> recorded = blobFiles(blobs);
            recorded.remove(orphan);
            assertThat(recorded).as("two uploads, a bundle, a batch output, a concatenation").hasSize(5);
            for (Path file : blobFiles(blobs)) {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
            }

            Instant deadline = Instant.now().plusSeconds(20);
            while (Files.exists(orphan)) {
                assertThat(Instant.now()).as("orphan still there").isBefore(deadline);
                Thread.sleep(50);
            }
            Thread.sleep(1500); // another sweep, over the recorded blobs alone
            assertThat(blobFiles(blobs)).isEqualTo(recorded);
            for (String dataset : List.of(fixture.trainingSet, fixture.holdout, batchOutput, joined.json().get("id").asText())) {
                assertThat(http.get("/ml/datasets/" + dataset + "/download").status()).isEqualTo(200);
            }
            assertThat(http.get("/ml/models/" + modelId + "/versions/1/inputs").status()).as("the bundle reads").isEqualTo(200);
        }
    }

    /** A blob as the store lays it out, with no record: what a crash between the two leaves. */
    private static Path writeOrphan(Path blobs, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        Path file = blobs.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return file;
    }

    private static Set<Path> blobFiles(Path blobs) throws Exception {
        try (Stream<Path> files = Files.walk(blobs)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toSet());
        }
    }
}
