package io.vigil.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.testing.ChildServer;
import io.vigil.server.testing.GeneratedFlows;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the server after an uploaded file has been moved into place and before its
 * dataset row is committed: after the restart there is no dataset, and the running server collects
 * the blob once it is older than the grace period, without another restart, sparing a blob that a
 * dataset points to.
 */
class OrphanBlobCrashIT {
    @TempDir
    Path dir;

    @Test
    void theBlobOfAnUploadKilledBeforeItsRowIsCollected() throws Exception {
        String url = TestPostgres.freshDatabaseUrl();
        Map<String, String> env = new HashMap<>(ChildServer.database(url));
        env.put("VIGIL_STORAGE_ORPHAN_SWEEP_SECONDS", "1");
        byte[] interrupted = GeneratedFlows.csv(3000, 3);
        Path orphan = blobFile(sha256(interrupted));
        Path kept;

        try (ChildServer first = ChildServer.start(dir, List.of("-Xmx256m"), env);
             Connection test = DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password())) {
            Response stored = first.http().upload("/ml/datasets/upload", "kept.csv", GeneratedFlows.csv(500, 4),
                    Map.of("name", "kept"));
            assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
            kept = blobFile(stored.json().get("sha256").asText());

            // recording a dataset takes the lock of its blob: holding it stops the upload right after the move
            try (Statement s = test.createStatement()) {
                s.execute("select pg_advisory_lock(hashtext('sha256/" + sha256(interrupted) + "'))");
            }
            CompletableFuture<Response> upload = CompletableFuture.supplyAsync(() -> first.http().upload(
                    "/ml/datasets/upload", "interrupted.csv", interrupted, Map.of("name", "interrupted")));
            Instant deadline = Instant.now().plusSeconds(60);
            while (!Files.exists(orphan) || waitingForABlobLock(test) == 0) {
                assertThat(Instant.now()).as("the upload never reached its row: " + first.log()).isBefore(deadline);
                Thread.sleep(10);
            }
            assertThat(upload).as("the upload is waiting to record its dataset").isNotDone();
            first.kill();
        }

        try (ChildServer second = ChildServer.start(dir, List.of("-Xmx256m"), env)) {
            HttpTestClient http = second.http();
            com.fasterxml.jackson.databind.JsonNode datasets = http.get("/ml/datasets").json();
            assertThat(datasets.get("total").asInt()).as(datasets.toString()).isEqualTo(1);
            assertThat(datasets.get("items").get(0).get("name").asText()).isEqualTo("kept");

            Thread.sleep(3000); // three sweeps: the blob is younger than the grace period, like an upload in flight
            assertThat(orphan).as("a young blob without a row").exists();

            age(orphan, Duration.ofHours(2)); // the hour has passed
            age(kept, Duration.ofHours(2));
            Instant deadline = Instant.now().plusSeconds(20);
            while (Files.exists(orphan)) {
                assertThat(Instant.now()).as("orphan blob still there: " + second.log()).isBefore(deadline);
                Thread.sleep(50);
            }
            assertThat(kept).as("the blob a dataset points to").exists();
            String keptId = http.get("/ml/datasets").json().get("items").get(0).get("id").asText();
            assertThat(http.get("/ml/datasets/" + keptId + "/download").status()).isEqualTo(200);
        }
    }

    /** Sessions of this database waiting for an advisory lock: the child's upload, stopped before its insert. */
    private static int waitingForABlobLock(Connection c) throws Exception {
        try (PreparedStatement s = c.prepareStatement("select count(*) from pg_locks where locktype = 'advisory' and not granted"
                + " and database = (select oid from pg_database where datname = current_database())");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private Path blobFile(String hex) {
        return dir.resolve("data").resolve("blobs").resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4))
                .resolve(hex);
    }

    private static void age(Path file, Duration age) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
