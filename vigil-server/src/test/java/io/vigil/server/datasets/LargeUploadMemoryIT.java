package io.vigil.server.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.testing.ChildServer;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB generated CSV uploaded to a server whose heap is capped at 256 MiB: the upload streams,
 * so it succeeds and the server survives. The server is a child JVM so the cap is real.
 */
class LargeUploadMemoryIT {
    static final long SIZE = 1024L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aGigabyteUploadFitsIn256MegabytesOfHeap() throws Exception {
        Map<String, String> env = new HashMap<>(ChildServer.database(TestPostgres.freshDatabaseUrl()));
        env.put("VIGIL_MAX_UPLOAD_MB", "2048");
        try (ChildServer server = ChildServer.start(dir, List.of("-Xmx256m", "-XX:+UseSerialGC"), env)) {
            HttpTestClient http = server.http();
            long start = System.nanoTime();
            Response r = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/ml/datasets?name=one-gig&labelColumn=label"))
                    .header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> GeneratedCsv.of(SIZE))));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(r.status()).as(r + "\n" + server.log()).isEqualTo(201);
            assertThat(r.json().get("sizeBytes").asLong()).isEqualTo(SIZE);
            assertThat(server.isAlive()).isTrue();
            assertThat(server.log()).doesNotContain("OutOfMemoryError");
            System.out.printf("1 GiB upload under -Xmx256m: %.1f s (%.0f MiB/s), %d rows%n",
                    seconds, SIZE / 1048576.0 / seconds, r.json().get("rows").asLong());
        }
    }
}
