package io.vigil.server.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB generated CSV uploaded to a server whose heap is capped at 256 MiB: the upload streams,
 * so it succeeds and the server survives. The server is a child JVM so the cap is real.
 */
class LargeUploadMemoryIT {
    static final long SIZE = 1024L * 1024 * 1024;

    @TempDir
    Path dataDir;

    @Test
    void aGigabyteUploadFitsIn256MegabytesOfHeap() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path gcLog = dataDir.resolve("gc.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-Xlog:gc:file=" + gcLog,
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "io.vigil.server.Main", "serve"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("server.log").toFile());
        pb.environment().put("VIGIL_PORT", Integer.toString(port));
        pb.environment().put("VIGIL_DATA_DIR", dataDir.resolve("data").toString());
        pb.environment().put("VIGIL_DB_URL", TestPostgres.freshDatabaseUrl());
        pb.environment().put("VIGIL_DB_USER", TestPostgres.user());
        if (TestPostgres.password() != null) {
            pb.environment().put("VIGIL_DB_PASSWORD", TestPostgres.password());
        }
        pb.environment().put("VIGIL_MAX_UPLOAD_MB", "2048");
        Process server = pb.start();
        try {
            HttpTestClient http = new HttpTestClient("http://127.0.0.1:" + port);
            waitUntilReady(http, server);
            long start = System.nanoTime();
            Response r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/ml/datasets?name=one-gig&labelColumn=label"))
                    .header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> GeneratedCsv.of(SIZE))));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(r.status()).as(r + "\n" + Files.readString(dataDir.resolve("server.log"))).isEqualTo(201);
            assertThat(r.json().get("sizeBytes").asLong()).isEqualTo(SIZE);
            assertThat(server.isAlive()).isTrue();
            String log = Files.readString(dataDir.resolve("server.log"));
            assertThat(log).doesNotContain("OutOfMemoryError");
            System.out.printf("1 GiB upload under -Xmx256m: %.1f s (%.0f MiB/s), %d rows%n",
                    seconds, SIZE / 1048576.0 / seconds, r.json().get("rows").asLong());
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private static void waitUntilReady(HttpTestClient http, Process server) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new AssertionError("server exited: " + new String(server.getInputStream().readAllBytes()));
            }
            try {
                if (http.get("/ready").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("server not ready in 60 s");
    }
}
