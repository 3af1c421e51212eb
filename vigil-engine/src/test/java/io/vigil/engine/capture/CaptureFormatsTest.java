package io.vigil.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The same packets give the same flows from pcap, pcapng (nanosecond timestamps, a block to skip) and gzip. */
class CaptureFormatsTest {

    @Test
    void pcapngGivesTheSameFlowsAsPcap() throws IOException {
        TestCaptures capture = TestCaptures.scenario();
        List<Map<String, String>> fromPcap = CaptureFlowsTest.flows(capture.pcap(), CaptureOptions.defaults());
        List<Map<String, String>> fromPcapng = CaptureFlowsTest.flows(capture.pcapng(), CaptureOptions.defaults());
        assertThat(fromPcapng).hasSize(10).isEqualTo(fromPcap);
        try (FlowExtractor extractor = FlowExtractor.open(new ByteArrayInputStream(capture.pcapng()), CaptureOptions.defaults())) {
            while (extractor.next() != null) {
                // drain
            }
            assertThat(extractor.summary().container()).isEqualTo("pcapng");
            assertThat(extractor.summary().packets()).isEqualTo(capture.frames().size());
        }
    }

    @Test
    void gzipCompressedCapturesAreReadTheSame() throws IOException {
        TestCaptures capture = TestCaptures.scenario();
        List<Map<String, String>> plain = CaptureFlowsTest.flows(capture.pcap(), CaptureOptions.defaults());
        assertThat(CaptureFlowsTest.flows(TestCaptures.gzip(capture.pcap()), CaptureOptions.defaults())).isEqualTo(plain);
        assertThat(CaptureFlowsTest.flows(TestCaptures.gzip(capture.pcapng()), CaptureOptions.defaults())).isEqualTo(plain);
    }

    @Test
    void capturesAreRecognisedByTheirFirstBytes() throws IOException {
        TestCaptures capture = TestCaptures.scenario();
        assertThat(CaptureFiles.isCapture(new ByteArrayInputStream(capture.pcap()))).isTrue();
        assertThat(CaptureFiles.isCapture(new ByteArrayInputStream(capture.pcapng()))).isTrue();
        assertThat(CaptureFiles.isCapture(new ByteArrayInputStream(TestCaptures.gzip(capture.pcap())))).isTrue();
        assertThat(CaptureFiles.isCapture(new ByteArrayInputStream("a,b\n1,2\n".getBytes()))).isFalse();
        assertThat(CaptureFiles.isCapture(new ByteArrayInputStream(TestCaptures.gzip("a,b\n".getBytes())))).isFalse();
        ByteArrayInputStream in = new ByteArrayInputStream(capture.pcap());
        CaptureFiles.isCapture(in);
        assertThat(in.available()).as("the stream is left where it was").isEqualTo(capture.pcap().length);
    }

    @Test
    void ipv6AddressesAreWrittenShort() {
        assertThat(Addresses.format(true, 0x20010db800000000L, 1)).isEqualTo("2001:db8::1");
        assertThat(Addresses.format(true, 0, 1)).isEqualTo("::1");
        assertThat(Addresses.format(true, 0x20010db800010000L, 0x0000000100000001L)).isEqualTo("2001:db8:1::1:0:1");
        assertThat(Addresses.format(true, 0xfe80000000000000L, 0)).isEqualTo("fe80::");
        assertThat(Addresses.format(false, 0, 0xFFFF_0A00_0001L)).isEqualTo("10.0.0.1");
    }
}
