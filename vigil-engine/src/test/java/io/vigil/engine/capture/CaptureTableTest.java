package io.vigil.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.engine.data.DataFormat;
import io.vigil.engine.data.DataFormatException;
import io.vigil.engine.data.DetectedFormat;
import io.vigil.engine.data.ReadOptions;
import io.vigil.engine.data.TableReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A capture through the dataset reader: a table of flows, detected by its bytes, re-read identically. */
class CaptureTableTest {

    /** The header of CIC-IDS2017's TrafficLabelling CSVs, white space and the repeated column as published. */
    static final String CIC_IDS2017_HEADER = "Flow ID, Source IP, Source Port, Destination IP, Destination Port, Protocol,"
            + " Timestamp, Flow Duration, Total Fwd Packets, Total Backward Packets,Total Length of Fwd Packets,"
            + " Total Length of Bwd Packets, Fwd Packet Length Max, Fwd Packet Length Min, Fwd Packet Length Mean,"
            + " Fwd Packet Length Std,Bwd Packet Length Max, Bwd Packet Length Min, Bwd Packet Length Mean,"
            + " Bwd Packet Length Std,Flow Bytes/s, Flow Packets/s, Flow IAT Mean, Flow IAT Std, Flow IAT Max,"
            + " Flow IAT Min,Fwd IAT Total, Fwd IAT Mean, Fwd IAT Std, Fwd IAT Max, Fwd IAT Min,Bwd IAT Total,"
            + " Bwd IAT Mean, Bwd IAT Std, Bwd IAT Max, Bwd IAT Min,Fwd PSH Flags, Bwd PSH Flags, Fwd URG Flags,"
            + " Bwd URG Flags, Fwd Header Length, Bwd Header Length,Fwd Packets/s, Bwd Packets/s, Min Packet Length,"
            + " Max Packet Length, Packet Length Mean, Packet Length Std, Packet Length Variance,FIN Flag Count,"
            + " SYN Flag Count, RST Flag Count, PSH Flag Count, ACK Flag Count, URG Flag Count, CWE Flag Count,"
            + " ECE Flag Count, Down/Up Ratio, Average Packet Size, Avg Fwd Segment Size, Avg Bwd Segment Size,"
            + " Fwd Header Length,Fwd Avg Bytes/Bulk, Fwd Avg Packets/Bulk, Fwd Avg Bulk Rate, Bwd Avg Bytes/Bulk,"
            + " Bwd Avg Packets/Bulk,Bwd Avg Bulk Rate,Subflow Fwd Packets, Subflow Fwd Bytes, Subflow Bwd Packets,"
            + " Subflow Bwd Bytes,Init_Win_bytes_forward, Init_Win_bytes_backward, act_data_pkt_fwd,"
            + " min_seg_size_forward,Active Mean, Active Std, Active Max, Active Min,Idle Mean, Idle Std, Idle Max,"
            + " Idle Min, Label";

    @Test
    void aCicIds2017CsvHasTheFlowColumnsUnderTheSameNames() throws IOException {
        byte[] csv = (CIC_IDS2017_HEADER + "\n" + "x,".repeat(84) + "BENIGN\n").getBytes(StandardCharsets.UTF_8);
        try (TableReader reader = TableReader.open(new ByteArrayInputStream(csv), ReadOptions.detect(), "Wednesday.csv")) {
            List<String> csvColumns = new ArrayList<>(reader.columnNames());
            assertThat(csvColumns.remove("Label")).isTrue();
            assertThat(csvColumns).isEqualTo(FlowColumns.NAMES);
        }
    }

    @Test
    void aCaptureIsATableOfFlowsWhateverItsName() throws IOException {
        byte[] pcap = TestCaptures.scenario().pcap();
        List<String[]> rows = new ArrayList<>();
        DetectedFormat detected;
        try (TableReader reader = TableReader.open(new ByteArrayInputStream(TestCaptures.gzip(pcap)), null, "flows.csv.gz")) {
            detected = reader.detected();
            assertThat(reader.columnNames()).isEqualTo(FlowColumns.NAMES);
            String[] row;
            while ((row = reader.next()) != null) {
                rows.add(row);
            }
            assertThat(reader.line()).isEqualTo(10); // the flow's number
        }
        assertThat(detected.format()).isEqualTo(DataFormat.PCAP);
        assertThat(detected.gzip()).isTrue();
        assertThat(detected.keepFlowsBeforeDamage()).isFalse();
        assertThat(rows).hasSize(10);
        assertThat(reread(TestCaptures.gzip(pcap), detected)).containsExactlyElementsOf(rows);
        // by extension too, and pcapng
        try (TableReader reader = TableReader.open(new ByteArrayInputStream(TestCaptures.scenario().pcapng()), null,
                "trace.pcapng")) {
            assertThat(reader.detected().format()).isEqualTo(DataFormat.PCAP);
        }
        assertThat(DataFormat.fromFileName("trace.cap.gz")).contains(DataFormat.PCAP);
        assertThat(DataFormat.fromName("pcapng")).contains(DataFormat.PCAP);
    }

    @Test
    void damageIsADataFormatExceptionNamingTheOffsetOrTheFlowsBeforeItWhenAsked() throws IOException {
        TestCaptures capture = TestCaptures.scenario();
        long tenth = capture.pcapRecordOffset(10);
        byte[] cut = Arrays.copyOf(capture.pcap(), (int) tenth + 20);
        assertThatThrownBy(() -> {
            try (TableReader reader = TableReader.open(new ByteArrayInputStream(cut), null, "cut.pcap")) {
                while (reader.next() != null) {
                    // read to the damage
                }
            }
        }).isInstanceOf(DataFormatException.class).hasMessageContaining("at byte " + tenth);

        ReadOptions keep = ReadOptions.detect().withKeepFlowsBeforeDamage(true);
        List<String[]> rows = new ArrayList<>();
        DetectedFormat detected;
        try (TableReader reader = TableReader.open(new ByteArrayInputStream(cut), keep, "cut.pcap")) {
            detected = reader.detected();
            String[] row;
            while ((row = reader.next()) != null) {
                rows.add(row);
            }
        }
        assertThat(detected.keepFlowsBeforeDamage()).isTrue();
        assertThat(rows.stream().mapToLong(r -> Long.parseLong(r[8]) + Long.parseLong(r[9])).sum()).isEqualTo(10);
        assertThat(reread(cut, detected)).containsExactlyElementsOf(rows);
    }

    @Test
    void aCaptureWithoutIpPacketsOrANamedCaptureThatIsNotOne() {
        byte[] empty = Arrays.copyOf(new TestCaptures().pcap(), 24);
        assertThatThrownBy(() -> TableReader.open(new ByteArrayInputStream(empty), null, "empty.pcap"))
                .isInstanceOf(DataFormatException.class).hasMessage("the capture has no IP packets, so no flows");
        byte[] csv = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TableReader.open(new ByteArrayInputStream(csv), null, "trace.pcap"))
                .isInstanceOf(DataFormatException.class).hasMessageStartingWith("the file is not a pcap or pcapng capture");
    }

    @Test
    void recordsStoredBeforeTheOptionExistedStillRead() throws IOException {
        String old = "{\"format\":\"CSV\",\"delimiter\":\",\",\"gzip\":false,\"header\":true,\"columns\":[\"a\"],"
                + "\"flattenObjects\":false,\"encoding\":\"UTF-8\",\"decimalComma\":false}";
        DetectedFormat detected = new ObjectMapper().readValue(old, DetectedFormat.class);
        assertThat(detected.keepFlowsBeforeDamage()).isFalse();
        assertThat(detected.toReadOptions().keepFlowsBeforeDamage()).isFalse();
    }

    private static List<String[]> reread(byte[] bytes, DetectedFormat detected) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (TableReader reader = TableReader.open(new ByteArrayInputStream(bytes), detected.toReadOptions(), null)) {
            assertThat(reader.detected()).isEqualTo(detected);
            String[] row;
            while ((row = reader.next()) != null) {
                rows.add(row);
            }
        }
        return rows;
    }
}
