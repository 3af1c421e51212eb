package io.vigil.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Flows of a capture whose every packet the test wrote, each feature checked against a value worked
 * out by hand in the comments; the packets are listed in {@link TestCaptures#scenario()}. Times are microseconds after T0 = 1,700,000,000 s (2023-11-14T22:13:20Z).
 */
class CaptureFlowsTest {

    static final long T0 = TestCaptures.T0;
    static final String CLIENT = "10.0.0.1";
    static final String SERVER = "10.0.0.2";

    @Test
    void everyFeatureOfAHandshakeDataAndFinFlow() throws IOException {
        Map<String, String> a = only(flows(TestCaptures.scenario().pcap(), CaptureOptions.defaults()),
                f -> f.get("Flow ID").equals("10.0.0.1-10.0.0.2-40000-80-6") && f.get("Total Fwd Packets").equals("5"));
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("Source Port", 40000.0);
        expected.put("Destination Port", 80.0);
        expected.put("Protocol", 6.0);
        expected.put("Flow Duration", 6_017_000.0);                 // packet 10 - packet 1
        expected.put("Total Fwd Packets", 5.0);                     // 1, 3, 4, 9, 10
        expected.put("Total Backward Packets", 5.0);                // 2, 5, 6, 7, 8
        expected.put("Total Length of Fwd Packets", 100.0);         // payload bytes: 0+0+100+0+0
        expected.put("Total Length of Bwd Packets", 3500.0);        // 0+1000+1000+1000+500
        expected.put("Fwd Packet Length Max", 100.0);
        expected.put("Fwd Packet Length Min", 0.0);
        expected.put("Fwd Packet Length Mean", 20.0);               // 100/5
        expected.put("Fwd Packet Length Std", Math.sqrt(2000));     // (4*20^2 + 80^2)/(5-1) = 8000/4
        expected.put("Bwd Packet Length Max", 1000.0);
        expected.put("Bwd Packet Length Min", 0.0);
        expected.put("Bwd Packet Length Mean", 700.0);              // 3500/5
        expected.put("Bwd Packet Length Std", Math.sqrt(200_000));  // (700^2 + 3*300^2 + 200^2)/4 = 800000/4
        expected.put("Flow Bytes/s", 3600 / 6.017);                 // (100+3500) bytes / 6.017 s
        expected.put("Flow Packets/s", 10 / 6.017);
        // Gaps between the flow's packets: 1000, 1000, 1000, 10000, 1000, 1000, 1000, 6000000, 1000 (sum 6017000).
        expected.put("Flow IAT Mean", 6_017_000 / 9.0);
        // sample variance = (sum of squares - 9*mean^2)/8 = (36000107000000 - 6017000^2/9)/8
        expected.put("Flow IAT Std", Math.sqrt((36_000_107_000_000.0 - 6_017_000.0 * 6_017_000.0 / 9) / 8));
        expected.put("Flow IAT Max", 6_000_000.0);
        expected.put("Flow IAT Min", 1000.0);
        // Forward packets at 0, 2000, 3000, 6016000, 6017000: gaps 2000, 1000, 6013000, 1000.
        expected.put("Fwd IAT Total", 6_017_000.0);
        expected.put("Fwd IAT Mean", 1_504_250.0);
        // squares: 2000^2 + 1000^2 + 6013000^2 + 1000^2 = 36156175000000; minus 4*1504250^2 = 9051001000000... /3
        expected.put("Fwd IAT Std", Math.sqrt((36_156_175_000_000.0 - 4 * 1_504_250.0 * 1_504_250.0) / 3));
        expected.put("Fwd IAT Max", 6_013_000.0);
        expected.put("Fwd IAT Min", 1000.0);
        // Backward packets at 1000, 13000, 14000, 15000, 16000: gaps 12000, 1000, 1000, 1000.
        expected.put("Bwd IAT Total", 15_000.0);
        expected.put("Bwd IAT Mean", 3750.0);
        expected.put("Bwd IAT Std", 5500.0);                        // (8250^2 + 3*2750^2)/3 = 90750000/3 = 30250000
        expected.put("Bwd IAT Max", 12_000.0);
        expected.put("Bwd IAT Min", 1000.0);
        expected.put("Fwd PSH Flags", 1.0);                         // packet 4
        expected.put("Bwd PSH Flags", 1.0);                         // packet 8
        expected.put("Fwd URG Flags", 0.0);
        expected.put("Bwd URG Flags", 0.0);
        expected.put("Fwd Header Length", 168.0);                   // 40 + 4*32
        expected.put("Bwd Header Length", 164.0);                   // 36 + 4*32
        expected.put("Fwd Packets/s", 5 / 6.017);
        expected.put("Bwd Packets/s", 5 / 6.017);
        expected.put("Min Packet Length", 0.0);
        expected.put("Max Packet Length", 1000.0);
        expected.put("Packet Length Mean", 360.0);                  // 3600/10
        // 5*360^2 + 260^2 + 3*640^2 + 140^2 = 1964000; /9
        expected.put("Packet Length Std", Math.sqrt(1_964_000 / 9.0));
        expected.put("Packet Length Variance", 1_964_000 / 9.0);
        expected.put("FIN Flag Count", 1.0);                        // packet 10
        expected.put("SYN Flag Count", 2.0);                        // 1, 2
        expected.put("RST Flag Count", 0.0);
        expected.put("PSH Flag Count", 2.0);                        // 4, 8
        expected.put("ACK Flag Count", 9.0);                        // all but packet 1
        expected.put("URG Flag Count", 0.0);
        expected.put("CWE Flag Count", 1.0);                        // CWR on packet 1
        expected.put("ECE Flag Count", 2.0);                        // 1, 2
        expected.put("Down/Up Ratio", 1.0);                         // 5/5
        expected.put("Average Packet Size", 360.0);                 // 3600/10
        expected.put("Avg Fwd Segment Size", 20.0);                 // 100/5
        expected.put("Avg Bwd Segment Size", 700.0);                // 3500/5
        expected.put("Fwd Header Length_2", 168.0);
        expected.put("Fwd Avg Bytes/Bulk", 0.0);                    // one data packet forward: no bulk
        expected.put("Fwd Avg Packets/Bulk", 0.0);
        expected.put("Fwd Avg Bulk Rate", 0.0);
        expected.put("Bwd Avg Bytes/Bulk", 3500.0);                 // packets 5-8, each within 1 s: one bulk of 4
        expected.put("Bwd Avg Packets/Bulk", 4.0);
        expected.put("Bwd Avg Bulk Rate", 3500 / 0.003);            // 3500 bytes over 16000 - 13000 µs
        expected.put("Subflow Fwd Packets", 2.5);                   // one gap over 1 s (6 s): 2 subflows; 5/2
        expected.put("Subflow Fwd Bytes", 50.0);                    // 100/2
        expected.put("Subflow Bwd Packets", 2.5);
        expected.put("Subflow Bwd Bytes", 1750.0);
        expected.put("Init_Win_bytes_forward", 64240.0);            // packet 1's window
        expected.put("Init_Win_bytes_backward", 65160.0);           // packet 2's window
        expected.put("act_data_pkt_fwd", 1.0);                      // packet 4
        expected.put("min_seg_size_forward", 32.0);                 // smallest forward TCP header
        // The 6 s gap (> 5 s) closes the active period 0..16000 and is an idle period of 6016000 - 16000.
        // The period open when the FIN ends the flow is not counted, as in CICFlowMeter.
        expected.put("Active Mean", 16_000.0);
        expected.put("Active Std", 0.0);
        expected.put("Active Max", 16_000.0);
        expected.put("Active Min", 16_000.0);
        expected.put("Idle Mean", 6_000_000.0);
        expected.put("Idle Std", 0.0);
        expected.put("Idle Max", 6_000_000.0);
        expected.put("Idle Min", 6_000_000.0);

        assertThat(a.get("Source IP")).isEqualTo(CLIENT);
        assertThat(a.get("Destination IP")).isEqualTo(SERVER);
        assertThat(a.get("Timestamp")).isEqualTo("2023-11-14T22:13:20Z");
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            assertThat(Double.parseDouble(a.get(e.getKey()))).as(e.getKey()).isCloseTo(e.getValue(), within(1e-6));
        }
        // Every column is checked: 7 identifying columns (4 of them above as numbers) and 77 features.
        List<String> checked = new ArrayList<>(expected.keySet());
        checked.addAll(List.of("Flow ID", "Source IP", "Destination IP", "Timestamp"));
        assertThat(checked).containsExactlyInAnyOrderElementsOf(FlowColumns.NAMES);
    }

    @Test
    void theRestOfTheTeardownIsANewFlowInTheOtherDirection() throws IOException {
        Map<String, String> b = only(flows(TestCaptures.scenario().pcap(), CaptureOptions.defaults()),
                f -> f.get("Flow ID").equals("10.0.0.2-10.0.0.1-80-40000-6"));
        assertThat(b.get("Timestamp")).isEqualTo("2023-11-14T22:13:26.018Z");
        assertThat(b.get("Total Fwd Packets")).isEqualTo("1");      // packet 11, the server's FIN
        assertThat(b.get("Total Backward Packets")).isEqualTo("1"); // packet 12
        assertThat(b.get("Flow Duration")).isEqualTo("1000");
        assertThat(b.get("FIN Flag Count")).isEqualTo("1");
        assertThat(b.get("ACK Flag Count")).isEqualTo("2");
        assertThat(b.get("Init_Win_bytes_forward")).isEqualTo("500");
        assertThat(b.get("Init_Win_bytes_backward")).isEqualTo("502");
        assertThat(b.get("Fwd IAT Total")).isEqualTo("0");          // one packet each way: no gap
        assertThat(b.get("Flow IAT Mean")).isEqualTo("1000");
        assertThat(b.get("Flow Packets/s")).isEqualTo("2000");      // 2 / 0.001 s
    }

    @Test
    void aRstEndsItsFlow() throws IOException {
        Map<String, String> c = only(flows(TestCaptures.scenario().pcap(), CaptureOptions.defaults()),
                f -> f.get("Flow ID").equals("10.0.0.1-10.0.0.2-40001-81-6"));
        assertThat(c.get("Total Fwd Packets")).isEqualTo("1");
        assertThat(c.get("Total Backward Packets")).isEqualTo("1");
        assertThat(c.get("Flow Duration")).isEqualTo("500");
        assertThat(c.get("RST Flag Count")).isEqualTo("1");
        assertThat(c.get("SYN Flag Count")).isEqualTo("1");
        assertThat(c.get("Fwd Header Length")).isEqualTo("20");
        assertThat(c.get("Init_Win_bytes_backward")).isEqualTo("0");
        assertThat(c.get("Flow Bytes/s")).isEqualTo("0");           // no payload
        assertThat(c.get("Flow Packets/s")).isEqualTo("4000");      // 2 / 0.0005 s
    }

    @Test
    void udpIcmpAndFragments() throws IOException {
        List<Map<String, String>> flows = flows(TestCaptures.scenario().pcap(), CaptureOptions.defaults());
        Map<String, String> dns = only(flows, f -> f.get("Flow ID").equals("10.0.0.3-10.0.0.4-5353-53-17"));
        assertThat(dns.get("Total Length of Fwd Packets")).isEqualTo("30");
        assertThat(dns.get("Total Length of Bwd Packets")).isEqualTo("120");
        assertThat(dns.get("Fwd Header Length")).isEqualTo("8");
        assertThat(dns.get("Bwd Header Length")).isEqualTo("8");
        assertThat(dns.get("Flow Duration")).isEqualTo("300");
        assertThat(dns.get("Flow Bytes/s")).isEqualTo("500000");    // 150 bytes / 0.0003 s
        assertThat(dns.get("Down/Up Ratio")).isEqualTo("1");
        assertThat(dns.get("Init_Win_bytes_forward")).isEqualTo("-1"); // not TCP
        assertThat(dns.get("Init_Win_bytes_backward")).isEqualTo("-1");
        assertThat(dns.get("min_seg_size_forward")).isEqualTo("8");
        assertThat(dns.get("ACK Flag Count")).isEqualTo("0");

        Map<String, String> ping = only(flows, f -> f.get("Flow ID").equals("10.0.0.5-10.0.0.6-0-0-1"));
        assertThat(ping.get("Total Fwd Packets")).isEqualTo("1");
        assertThat(ping.get("Total Backward Packets")).isEqualTo("1");
        assertThat(ping.get("Total Length of Fwd Packets")).isEqualTo("56");
        assertThat(ping.get("Fwd Header Length")).isEqualTo("8");
        assertThat(ping.get("Flow Duration")).isEqualTo("800");

        // The three fragments count as three forward packets of one flow, by the first fragment's ports:
        // payloads 1480 - 8 (UDP header) = 1472, then 1480 and 48; 1472 + 1480 + 48 = 3000, the datagram's data.
        Map<String, String> frag = only(flows, f -> f.get("Flow ID").equals("10.0.0.7-10.0.0.8-7000-9000-17"));
        assertThat(frag.get("Total Fwd Packets")).isEqualTo("3");
        assertThat(frag.get("Total Length of Fwd Packets")).isEqualTo("3000");
        assertThat(frag.get("Fwd Packet Length Max")).isEqualTo("1480");
        assertThat(frag.get("Fwd Packet Length Min")).isEqualTo("48");
        assertThat(frag.get("Fwd Packet Length Mean")).isEqualTo("1000");
        // ((1472-1000)^2 + 480^2 + 952^2) / 2 = (222784 + 230400 + 906304) / 2 = 679744
        assertThat(Double.parseDouble(frag.get("Fwd Packet Length Std"))).isCloseTo(Math.sqrt(679_744), within(1e-9));
        assertThat(frag.get("Fwd Header Length")).isEqualTo("8");   // only the first fragment has the UDP header
        assertThat(frag.get("Flow Duration")).isEqualTo("200");
        Map<String, String> orphan = only(flows, f -> f.get("Flow ID").equals("10.0.0.7-10.0.0.8-0-0-17"));
        assertThat(orphan.get("Total Length of Fwd Packets")).isEqualTo("100");
    }

    @Test
    void ipv6WithAnExtensionHeader() throws IOException {
        Map<String, String> h = only(flows(TestCaptures.scenario().pcap(), CaptureOptions.defaults()),
                f -> f.get("Source IP").equals("2001:db8::1"));
        assertThat(h.get("Flow ID")).isEqualTo("2001:db8::1-2001:db8::2-5000-443-6");
        assertThat(h.get("Destination IP")).isEqualTo("2001:db8::2");
        assertThat(h.get("Total Fwd Packets")).isEqualTo("1");
        assertThat(h.get("Total Backward Packets")).isEqualTo("1"); // the RST, which ends the flow
        assertThat(h.get("Fwd Header Length")).isEqualTo("20");    // the TCP header, after the 8-byte hop-by-hop header
        assertThat(h.get("Init_Win_bytes_forward")).isEqualTo("1000");
        assertThat(h.get("Flow Duration")).isEqualTo("200");
    }

    @Test
    void aFlowPastTheFlowTimeoutRestartsAndAnIdleTimeoutSplitsItEarlier() throws IOException {
        List<Map<String, String>> flows = flows(TestCaptures.scenario().pcap(), CaptureOptions.defaults());
        Map<String, String> first = only(flows, f -> f.get("Flow ID").equals("10.0.0.9-10.0.0.10-1111-2222-17"));
        assertThat(first.get("Total Fwd Packets")).isEqualTo("2");  // at 1 s and 51 s
        assertThat(first.get("Flow Duration")).isEqualTo("50000000");
        assertThat(first.get("Idle Mean")).isEqualTo("50000000");   // the 50 s gap is past the 5 s activity timeout
        assertThat(first.get("Active Mean")).isEqualTo("0");        // a single instant before the gap: no active period
        // 131 s - 1 s = 130 s > 120 s: the reply starts a new flow, its sender forward.
        Map<String, String> second = only(flows, f -> f.get("Flow ID").equals("10.0.0.10-10.0.0.9-2222-1111-17"));
        assertThat(second.get("Total Fwd Packets")).isEqualTo("1");
        assertThat(second.get("Total Backward Packets")).isEqualTo("0");
        assertThat(second.get("Flow Duration")).isEqualTo("0");
        assertThat(second.get("Flow Bytes/s")).isNull();            // no duration, no rate
        assertThat(second.get("Fwd Packets/s")).isEqualTo("0");

        CaptureOptions idle10s = CaptureOptions.defaults().withTimeouts(Duration.ofSeconds(120), Duration.ofSeconds(5),
                Duration.ofSeconds(10));
        List<Map<String, String>> split = flows(TestCaptures.scenario().pcap(), idle10s);
        assertThat(split).filteredOn(f -> f.get("Flow ID").equals("10.0.0.9-10.0.0.10-1111-2222-17")).hasSize(2)
                .allSatisfy(f -> assertThat(f.get("Total Fwd Packets")).isEqualTo("1"));
    }

    @Test
    void everyPacketIsCountedOnceAndTheSummarySaysWhat() throws IOException {
        TestCaptures capture = TestCaptures.scenario();
        try (FlowExtractor extractor = FlowExtractor.open(new ByteArrayInputStream(capture.pcap()), CaptureOptions.defaults())) {
            long packets = 0;
            String[] row;
            int fwd = FlowColumns.NAMES.indexOf("Total Fwd Packets");
            int bwd = FlowColumns.NAMES.indexOf("Total Backward Packets");
            while ((row = extractor.next()) != null) {
                packets += Long.parseLong(row[fwd]) + Long.parseLong(row[bwd]);
            }
            assertThat(packets).isEqualTo(capture.frames().size());
            CaptureSummary summary = extractor.summary();
            assertThat(summary.container()).isEqualTo("pcap");
            assertThat(summary.packets()).isEqualTo(capture.frames().size());
            assertThat(summary.ipPackets()).isEqualTo(capture.frames().size());
            assertThat(summary.fragments()).isEqualTo(4);
            assertThat(summary.fragmentsWithoutFirst()).isEqualTo(1);
            // A, B, C, D, E, F, the orphan fragment, H, G twice
            assertThat(summary.flows()).isEqualTo(10);
            assertThat(summary.bytesRead()).isEqualTo(capture.pcap().length);
            assertThat(summary.damageOffset()).isEqualTo(-1);
        }
    }

    @Test
    void aFullFlowTableEndsTheFlowSeenLeastRecently() throws IOException {
        try (FlowExtractor extractor = FlowExtractor.open(new ByteArrayInputStream(TestCaptures.scenario().pcap()),
                CaptureOptions.defaults().withMaxOpenFlows(1))) {
            List<String[]> rows = new ArrayList<>();
            String[] row;
            while ((row = extractor.next()) != null) {
                rows.add(row);
            }
            // Flow A is interrupted by flow C's first packet (the table holds one flow), so it comes out in pieces.
            assertThat(extractor.summary().flowsEndedByTableLimit()).isPositive();
            assertThat(rows.size()).isGreaterThan(10);
        }
    }

    static List<Map<String, String>> flows(byte[] capture, CaptureOptions options) throws IOException {
        List<Map<String, String>> flows = new ArrayList<>();
        try (FlowExtractor extractor = FlowExtractor.open(new ByteArrayInputStream(capture), options)) {
            String[] row;
            while ((row = extractor.next()) != null) {
                Map<String, String> flow = new LinkedHashMap<>();
                for (int i = 0; i < row.length; i++) {
                    flow.put(FlowColumns.NAMES.get(i), row[i]);
                }
                flows.add(flow);
            }
        }
        return flows;
    }

    static Map<String, String> only(List<Map<String, String>> flows, Predicate<Map<String, String>> which) {
        List<Map<String, String>> found = flows.stream().filter(which).toList();
        assertThat(found).as("flows matching").hasSize(1);
        return found.get(0);
    }

}
