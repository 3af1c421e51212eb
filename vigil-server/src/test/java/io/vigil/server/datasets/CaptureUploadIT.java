package io.vigil.server.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.engine.capture.FlowColumns;
import io.vigil.engine.capture.TestCaptures;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A packet capture uploaded to {@code POST /ml/datasets/upload} becomes a dataset of flows under
 * CIC-IDS2017's column names; the capture itself is the stored file. A damaged capture is a 422
 * naming the byte offset that leaves nothing behind, unless {@code keepFlowsBeforeDamage=true}.
 */
class CaptureUploadIT {
    static TestServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of());
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aCaptureIsADatasetOfFlows() throws IOException {
        TestCaptures capture = TestCaptures.scenario();
        Response r = http.upload("/ml/datasets/upload", "office.pcap", capture.pcap(), Map.of("name", "office"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode d = r.json();
        assertThat(d.get("format").asText()).isEqualTo("pcap");
        assertThat(d.get("rows").asLong()).isEqualTo(10); // the engine's CaptureFlowsTest counts them
        assertThat(d.get("columns").asInt()).isEqualTo(84);
        List<String> columns = new ArrayList<>();
        d.get("schema").forEach(c -> columns.add(c.get("name").asText()));
        assertThat(columns).isEqualTo(FlowColumns.NAMES);
        assertThat(d.get("sizeBytes").asLong()).isEqualTo(capture.pcap().length); // the capture is what is stored
        assertThat(d.get("parsing").get("keepFlowsBeforeDamage").asBoolean()).isFalse();

        String id = d.get("id").asText();
        Response preview = http.get("/ml/datasets/" + id + "/preview?limit=100");
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        JsonNode rows = preview.json().get("rows");
        assertThat(rows).hasSize(10);
        assertThat(rows.findValuesAsText("Flow ID")).contains("10.0.0.1-10.0.0.2-40000-80-6", "10.0.0.3-10.0.0.4-5353-53-17");
        Response download = http.get("/ml/datasets/" + id + "/download");
        assertThat(download.body()).isEqualTo(capture.pcap());
    }

    @Test
    void aRawGzippedPcapngBodyWithTheCaptureMediaType() throws IOException {
        byte[] body = TestCaptures.gzip(TestCaptures.scenario().pcapng());
        Response r = http.send("POST", "/ml/datasets/upload?name=ng&fileName=office.pcapng.gz", "application/vnd.tcpdump.pcap", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("rows").asLong()).isEqualTo(10);
        assertThat(r.json().get("parsing").get("gzip").asBoolean()).isTrue();
    }

    @Test
    void aCutCaptureIsA422NamingTheOffsetAndLeavesNothing() throws IOException {
        TestCaptures capture = TestCaptures.scenario();
        long tenth = capture.pcapRecordOffset(10);
        byte[] cut = Arrays.copyOf(capture.pcap(), (int) tenth + 20);
        long before = http.get("/ml/datasets").json().get("total").asLong();
        List<String> filesBefore = dataFiles();
        Response r = http.upload("/ml/datasets/upload", "cut.pcap", cut, Map.of("name", "cut"));
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asText()).contains("at byte " + tenth);
        assertThat(http.get("/ml/datasets").json().get("total").asLong()).isEqualTo(before);
        assertThat(dataFiles()).isEqualTo(filesBefore);

        Response kept = http.upload("/ml/datasets/upload", "cut.pcap", cut,
                Map.of("name", "cut-kept", "keepFlowsBeforeDamage", "true"));
        assertThat(kept.status()).as(kept.toString()).isEqualTo(201);
        assertThat(kept.json().get("parsing").get("keepFlowsBeforeDamage").asBoolean()).isTrue();
        // records 0-9 are whole: flows A (4 packets so far), C, D, E, F minus nothing after byte `tenth`
        long packets = 0;
        JsonNode rows = http.get("/ml/datasets/" + kept.json().get("id").asText() + "/preview?limit=100").json().get("rows");
        for (JsonNode row : rows) {
            packets += row.get("Total Fwd Packets").asLong() + row.get("Total Backward Packets").asLong();
        }
        assertThat(packets).isEqualTo(10);
        assertThat(rows.size()).isEqualTo(kept.json().get("rows").asInt());
    }

    @Test
    void theKeepFieldIsTrueOrFalse() throws IOException {
        Response r = http.upload("/ml/datasets/upload", "x.pcap", TestCaptures.scenario().pcap(),
                Map.of("name", "x", "keepFlowsBeforeDamage", "yes"));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("errors").findValuesAsText("field")).contains("keepFlowsBeforeDamage");
    }

    /** Every file under the data directory: blobs, temporary blobs and spooled multipart uploads. */
    private static List<String> dataFiles() throws IOException {
        Path data = server.dataDir();
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(Files::isRegularFile).map(p -> data.relativize(p).toString()).sorted().toList();
        }
    }
}
