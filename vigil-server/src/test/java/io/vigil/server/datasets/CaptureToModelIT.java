package io.vigil.server.datasets;

import static io.vigil.engine.capture.TestPackets.ACK;
import static io.vigil.engine.capture.TestPackets.FIN;
import static io.vigil.engine.capture.TestPackets.PSH;
import static io.vigil.engine.capture.TestPackets.RST;
import static io.vigil.engine.capture.TestPackets.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.engine.capture.TestCaptures;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 21's first "done when", end to end over HTTP: a capture of an office's web traffic with a
 * port scan in it is uploaded, becomes a dataset of flows, an isolation forest is trained on the
 * flows, validated and deployed, and the flows are scored: the scan's flows (a SYN answered by a
 * RST, dozens of ports, no payload) score above the web sessions.
 */
class CaptureToModelIT {
    static TestServer server;
    static HttpTestClient http;
    static final int SESSIONS = 300;
    static final int SCANNED_PORTS = 15;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("VIGIL_JOB_WORKERS", "1"));
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Web sessions (handshake, a request, a few answer segments, FIN both ways), then a scanner trying ports. */
    static byte[] officeCapture(long seed) {
        Random random = new Random(seed);
        TestCaptures c = new TestCaptures();
        long t = TestCaptures.T0;
        for (int s = 0; s < SESSIONS; s++) {
            String client = "10.0.0." + (10 + s % 50);
            int port = 40000 + s;
            int request = 200 + random.nextInt(300);
            int segments = 2 + random.nextInt(4);
            c.add(t, TestCaptures.tcpFrame(client, "10.0.1.1", port, 80, SYN, 64240, 40, 0));
            c.add(t + 900, TestCaptures.tcpFrame("10.0.1.1", client, 80, port, SYN | ACK, 65160, 40, 0));
            c.add(t + 1800, TestCaptures.tcpFrame(client, "10.0.1.1", port, 80, ACK, 502, 32, 0));
            c.add(t + 2500, TestCaptures.tcpFrame(client, "10.0.1.1", port, 80, PSH | ACK, 502, 32, request));
            long at = t + 20_000 + random.nextInt(10_000);
            for (int k = 0; k < segments; k++) {
                c.add(at, TestCaptures.tcpFrame("10.0.1.1", client, 80, port, ACK, 509, 32, 1448));
                at += 300 + random.nextInt(300);
            }
            c.add(at + 1000, TestCaptures.tcpFrame(client, "10.0.1.1", port, 80, FIN | ACK, 502, 32, 0));
            c.add(at + 1900, TestCaptures.tcpFrame("10.0.1.1", client, 80, port, FIN | ACK, 509, 32, 0));
            c.add(at + 2800, TestCaptures.tcpFrame(client, "10.0.1.1", port, 80, ACK, 502, 32, 0));
            t += 200_000;
        }
        for (int p = 0; p < SCANNED_PORTS; p++) {
            c.add(t, TestCaptures.tcpFrame("10.9.9.9", "10.0.1.1", 55000, 1000 + p, SYN, 1024, 24, 0));
            c.add(t + 150, TestCaptures.tcpFrame("10.0.1.1", "10.9.9.9", 1000 + p, 55000, RST | ACK, 0, 20, 0));
            t += 2_000;
        }
        return c.pcap();
    }

    @Test
    void aCaptureBecomesFlowsAModelTrainedOnThemScoresTheScanAboveTheWeb() throws Exception {
        Response up = http.upload("/ml/datasets/upload", "office.pcap", officeCapture(21), Map.of("name", "office-capture"));
        assertThat(up.status()).as(up.toString()).isEqualTo(201);
        assertThat(up.json().get("format").asText()).isEqualTo("pcap");
        // each session is two flows, as CICFlowMeter makes them: its first FIN ends it, the rest of the teardown is another
        assertThat(up.json().get("rows").asInt()).isEqualTo(2 * SESSIONS + SCANNED_PORTS);
        String dataset = up.json().get("id").asText();

        // identifiers and times are not behaviour: leave them out, as one does with CIC-IDS2017
        Response created = http.postJson("/ml/models", "{\"modelName\": \"office-flows\", \"modelType\": \"flow-anomaly\","
                + " \"algorithm\": \"isolation_forest\", \"hyperparameters\": {\"contamination\": 0.05},"
                + " \"dropColumns\": [\"Flow ID\", \"Source IP\", \"Source Port\", \"Destination IP\", \"Destination Port\", \"Timestamp\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String model = created.json().get("id").asText();
        Response queued = http.postJson("/ml/models/" + model + "/train", "{\"datasetId\": \"" + dataset + "\", \"seed\": 7}");
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        awaitJob(queued.json().get("id").asText());
        // validated on another day's capture: a version is never validated on its own training data
        Response other = http.upload("/ml/datasets/upload", "office-tuesday.pcap", officeCapture(22), Map.of("name", "office-tuesday"));
        assertThat(other.status()).as(other.toString()).isEqualTo(201);
        Response validated = http.postJson("/ml/models/" + model + "/validate",
                "{\"datasetId\": \"" + other.json().get("id").asText() + "\", \"version\": 1, \"thresholds\": {\"anomaly_rate\": 0.2}}");
        assertThat(validated.status()).as(validated.toString()).isEqualTo(200);
        assertThat(validated.json().get("passed").asBoolean()).as(validated.toString()).isTrue();
        assertThat(http.postJson("/ml/models/" + model + "/deploy", "{\"version\": 1}").status()).isEqualTo(200);

        // score every flow of the capture as the pipeline would send them: the flow rows themselves
        JsonNode rows = http.get("/ml/datasets/" + dataset + "/preview?limit=" + (2 * SESSIONS + SCANNED_PORTS)).json().get("rows");
        List<Double> web = new ArrayList<>();
        List<Double> scan = new ArrayList<>();
        StringBuilder batch = new StringBuilder("{\"instances\": [");
        for (int i = 0; i < rows.size(); i++) batch.append(i == 0 ? "" : ",").append(rows.get(i));
        Response scored = http.postJson("/ml/models/" + model + "/batch-predict", batch.append("]}").toString());
        assertThat(scored.status()).as(scored.toString()).isEqualTo(200);
        JsonNode predictions = scored.json().get("predictions");
        for (int i = 0; i < rows.size(); i++) {
            double score = predictions.get(i).get("anomalyScore").asDouble();
            (rows.get(i).get("Source IP").asText().equals("10.9.9.9") ? scan : web).add(score);
        }
        assertThat(scan).hasSize(SCANNED_PORTS);
        double lowestScan = scan.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double medianWeb = web.stream().sorted().toList().get(web.size() / 2);
        assertThat(lowestScan).as("every scan flow above the typical web session").isGreaterThan(medianWeb);
        long flagged = predictions.findValues("label").stream().filter(l -> l.asText().equals("anomaly")).count();
        assertThat(flagged).as("anomalies flagged").isGreaterThanOrEqualTo(SCANNED_PORTS / 2);
    }

    private static void awaitJob(String job) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            JsonNode j = http.get("/ml/jobs/" + job).json();
            String state = j.get("state").asText();
            if (state.equals("succeeded")) break;
            assertThat(state).as(j.toString()).isIn("queued", "running");
            assertThat(Instant.now()).as("job never ended").isBefore(deadline);
            Thread.sleep(50);
        }
        while ("training".equals(http.get("/ml/models").json().findValue("status").asText())) Thread.sleep(20);
    }
}
