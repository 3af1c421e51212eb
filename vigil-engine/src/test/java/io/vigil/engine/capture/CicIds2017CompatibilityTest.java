package io.vigil.engine.capture;

import static io.vigil.engine.capture.TestPackets.ACK;
import static io.vigil.engine.capture.TestPackets.FIN;
import static io.vigil.engine.capture.TestPackets.PSH;
import static io.vigil.engine.capture.TestPackets.RST;
import static io.vigil.engine.capture.TestPackets.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.Prediction;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Training;
import io.vigil.engine.data.DatasetProfile;
import io.vigil.engine.data.DatasetProfiler;
import io.vigil.engine.data.ReadOptions;
import io.vigil.engine.data.TableReader;
import io.vigil.engine.features.PipelineSpec;
import io.vigil.engine.table.Table;
import io.vigil.engine.table.TableLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A model trained on a CSV with CIC-IDS2017's MachineLearningCVE header (leading spaces, the repeated
 * "Fwd Header Length", " Label") scores the flows Vigil extracts from a capture, with no renaming.
 * The CSV's rows are flows of web requests (BENIGN) and of a SYN port scan (PortScan) that the test
 * builds packet by packet.
 */
class CicIds2017CompatibilityTest {

    /** MachineLearningCVE's header: the TrafficLabelling one without its first six columns and Timestamp. */
    static final String ML_CVE_HEADER = " Destination Port" + CaptureTableTest.CIC_IDS2017_HEADER.substring(
            CaptureTableTest.CIC_IDS2017_HEADER.indexOf(", Flow Duration"));

    @Test
    void aModelTrainedOnCicIds2017ColumnsScoresCaptureFlowsWithoutRenaming() throws IOException {
        TrainedModel model = train(trainingCsv(0));
        byte[] capture = traffic(1).pcap();
        try (TableReader reader = TableReader.open(new ByteArrayInputStream(capture), ReadOptions.detect(), "live.pcap")) {
            assertThat(reader.columnNames()).containsAll(model.pipeline().inputNames());
        }
        DatasetProfile profile;
        try (TableReader reader = TableReader.open(new ByteArrayInputStream(capture), ReadOptions.detect(), "live.pcap")) {
            profile = DatasetProfiler.profile(reader, null);
        }
        Table flows;
        try (TableReader reader = TableReader.open(new ByteArrayInputStream(capture), ReadOptions.detect(), "live.pcap")) {
            flows = TableLoader.read(reader, profile);
        }
        Prediction[] predictions = model.predict(flows);
        double[] port = flows.numeric("Destination Port").values();
        int scans = 0;
        int web = 0;
        for (int i = 0; i < predictions.length; i++) {
            double destination = port[i];
            String expected = destination == 80 ? "BENIGN" : "PortScan";
            assertThat(predictions[i].label()).as("flow %d to port %s", i, destination).isEqualTo(expected);
            if (destination == 80) {
                web++;
            } else {
                scans++;
            }
        }
        assertThat(web).isEqualTo(8);
        assertThat(scans).isEqualTo(20);
    }

    private static TrainedModel train(byte[] csv) throws IOException {
        DatasetProfile profile;
        try (TableReader reader = TableReader.open(new ByteArrayInputStream(csv), ReadOptions.detect(), "Wednesday.csv")) {
            profile = DatasetProfiler.profile(reader, "Label");
        }
        Table table;
        try (TableReader reader = TableReader.open(new ByteArrayInputStream(csv), ReadOptions.detect(), "Wednesday.csv")) {
            table = TableLoader.read(reader, profile);
        }
        return Training.of(table, Algorithms.trainer("gbm")).pipeline(PipelineSpec.forTrees("Label")
                .withPositiveClass("PortScan")).params(Map.of("rounds", 20, "max_depth", 3)).seed(7).run();
    }

    /** The capture's flows as MachineLearningCVE rows: Destination Port and the 77 features, then the label. */
    private static byte[] trainingCsv(int seed) throws IOException {
        StringBuilder csv = new StringBuilder(ML_CVE_HEADER).append('\n');
        List<String> header = List.of(ML_CVE_HEADER.split(","));
        for (Map<String, String> flow : CaptureFlowsTest.flows(traffic(seed).pcap(), CaptureOptions.defaults())) {
            boolean headerLengthSeen = false;
            for (String column : header.subList(0, header.size() - 1)) {
                String name = column.strip();
                if (name.equals("Fwd Header Length")) {
                    // the CSV writes this column twice; Vigil names the second "Fwd Header Length_2"
                    name = headerLengthSeen ? "Fwd Header Length_2" : name;
                    headerLengthSeen = true;
                }
                String value = flow.get(name);
                csv.append(value == null ? "NaN" : value).append(',');
            }
            csv.append(flow.get("Destination Port").equals("80") ? "BENIGN" : "PortScan").append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Eight web requests (handshake, a request, a response, FIN) from 10.1.0.x to port 80, and a SYN
     * scan of twenty ports answered by RSTs; {@code seed} shifts sizes and times a little.
     */
    private static TestCaptures traffic(int seed) {
        TestCaptures c = new TestCaptures();
        long t = CaptureFlowsTest.T0 + seed * 1_000_000_000L;
        for (int i = 0; i < 8; i++) {
            String client = "10.1.0." + (10 + i);
            int port = 41000 + i;
            int request = 300 + 17 * i + seed * 5;
            int response = 4000 + 311 * i + seed * 50;
            c.add(t, frame(client, "10.1.1.1", port, 80, SYN, 64240, 40, 0));
            c.add(t + 200, frame("10.1.1.1", client, 80, port, SYN | ACK, 65160, 40, 0));
            c.add(t + 400, frame(client, "10.1.1.1", port, 80, ACK, 502, 32, 0));
            c.add(t + 600, frame(client, "10.1.1.1", port, 80, PSH | ACK, 502, 32, request));
            c.add(t + 20_000 + 1000L * i, frame("10.1.1.1", client, 80, port, PSH | ACK, 509, 32, response));
            c.add(t + 21_000 + 1000L * i, frame(client, "10.1.1.1", port, 80, ACK, 502, 32, 0));
            c.add(t + 50_000 + 1000L * i, frame(client, "10.1.1.1", port, 80, FIN | ACK, 502, 32, 0));
            t += 1_000_000;
        }
        for (int p = 0; p < 20; p++) {
            int target = 20 + p * 37 + seed;
            c.add(t, frame("10.9.9.9", "10.1.1.1", 55555, target, SYN, 1024, 24, 0));
            c.add(t + 50, frame("10.1.1.1", "10.9.9.9", target, 55555, RST | ACK, 0, 20, 0));
            t += 3000;
        }
        return c;
    }

    private static byte[] frame(String src, String dst, int srcPort, int dstPort, int flags, int window, int header, int payload) {
        return TestCaptures.tcpFrame(src, dst, srcPort, dstPort, flags, window, header, payload);
    }
}
