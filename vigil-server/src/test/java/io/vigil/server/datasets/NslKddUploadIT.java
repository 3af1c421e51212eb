package io.vigil.server.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.SharedData;
import io.vigil.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * End to end on real data: NSL-KDD KDDTrain+ (125,973 rows, no header) uploaded over HTTP, its
 * stats checked against figures computed here, independently, from the file.
 */
class NslKddUploadIT {

    @Test
    void kddTrainPlusStatsMatchTheFile() throws IOException {
        Path file = SharedData.file("nsl-kdd/KDDTrain+.txt");
        Expected expected = Expected.of(file);
        assertThat(expected.rows).isEqualTo(125_973); // the datasets README's figure

        try (TestServer server = TestServer.start()) {
            long start = System.nanoTime();
            Response r = server.http().upload("/ml/datasets/upload", "KDDTrain+.txt", () -> open(file),
                    Map.of("name", "nsl-kdd-train", "columns", io.vigil.server.testing.NslKddFiles.COLUMNS, "labelColumn", "label", "format", "csv"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("KDDTrain+ upload (" + Files.size(file) / 1024 / 1024 + " MiB): " + millis + " ms");
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            String id = r.json().get("id").asText();

            JsonNode stats = server.http().get("/ml/datasets/" + id + "/stats").json();
            assertThat(stats.get("rows").asLong()).isEqualTo(expected.rows);
            assertThat(stats.get("columns").asInt()).isEqualTo(43);
            Map<String, Long> balance = new HashMap<>();
            stats.get("classBalance").forEach(v -> balance.put(v.get("value").asText(), v.get("count").asLong()));
            assertThat(balance).isEqualTo(expected.labels);
            assertThat(balance).containsEntry("normal", 67_343L).containsEntry("neptune", 41_214L).containsEntry("spy", 2L);

            JsonNode protocol = column(stats, "protocol_type");
            assertThat(protocol.get("type").asText()).isEqualTo("CATEGORICAL");
            assertThat(protocol.get("distinct").asLong()).isEqualTo(expected.protocols.size());
            assertThat(column(stats, "service").get("distinct").asLong()).isEqualTo(expected.services.size());
            JsonNode srcBytes = column(stats, "src_bytes");
            assertThat(srcBytes.get("numeric").get("max").asDouble()).isEqualTo(expected.maxSrcBytes);
            assertThat(srcBytes.get("numeric").get("mean").asDouble()).isCloseTo(expected.sumSrcBytes / expected.rows,
                    org.assertj.core.data.Offset.offset(1e-6 * expected.sumSrcBytes / expected.rows));
            assertThat(srcBytes.get("missing").asLong()).isZero();

            JsonNode preview = server.http().get("/ml/datasets/" + id + "/preview?offset=2&limit=1").json();
            assertThat(preview.get("rows").get(0).get("label").asText()).isEqualTo("neptune"); // third line of the file
        }
    }

    private static JsonNode column(JsonNode stats, String name) {
        for (JsonNode c : stats.get("columnProfiles")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no column " + name);
    }

    private static java.io.InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Figures computed straight from the file, without Vigil's parser. */
    private static final class Expected {
        long rows;
        final Map<String, Long> labels = new HashMap<>();
        final Set<String> protocols = new HashSet<>();
        final Set<String> services = new HashSet<>();
        double maxSrcBytes;
        double sumSrcBytes;

        static Expected of(Path file) throws IOException {
            Expected e = new Expected();
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    String[] f = line.split(",", -1); // NSL-KDD has no quoting: a plain split is a fair oracle
                    e.rows++;
                    e.labels.merge(f[41], 1L, Long::sum);
                    e.protocols.add(f[1]);
                    e.services.add(f[2]);
                    double src = Double.parseDouble(f[4]);
                    e.maxSrcBytes = Math.max(e.maxSrcBytes, src);
                    e.sumSrcBytes += src;
                }
            }
            return e;
        }
    }
}
