package io.vigil.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Cut and corrupt captures: an error that names the byte offset, or the flows before the damage when asked. */
class CaptureDamageTest {

    private static final CaptureOptions KEEP = CaptureOptions.defaults().withKeepFlowsBeforeDamage(true);

    @Test
    void aRecordCutByTheEndOfTheFileIsNamedByItsOffset() {
        TestCaptures capture = TestCaptures.scenario();
        long tenth = capture.pcapRecordOffset(10);
        byte[] cut = Arrays.copyOf(capture.pcap(), (int) tenth + 16 + 5); // the header and 5 bytes of the frame
        assertThatThrownBy(() -> CaptureFlowsTest.flows(cut, CaptureOptions.defaults()))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("the packet record at byte " + tenth)
                .satisfies(e -> assertThat(((CaptureFormatException) e).byteOffset()).isEqualTo(tenth));
        byte[] cutInHeader = Arrays.copyOf(capture.pcap(), (int) tenth + 7);
        assertThatThrownBy(() -> CaptureFlowsTest.flows(cutInHeader, CaptureOptions.defaults()))
                .hasMessageContaining("the packet record header at byte " + tenth);
    }

    @Test
    void theFlowsBeforeTheDamageAreKeptWhenAsked() throws IOException {
        TestCaptures capture = TestCaptures.scenario();
        long tenth = capture.pcapRecordOffset(10);
        byte[] cut = Arrays.copyOf(capture.pcap(), (int) tenth + 20);
        try (FlowExtractor extractor = FlowExtractor.open(new ByteArrayInputStream(cut), KEEP)) {
            long packets = 0;
            String[] row;
            while ((row = extractor.next()) != null) {
                packets += Long.parseLong(row[8]) + Long.parseLong(row[9]);
            }
            assertThat(packets).isEqualTo(10); // records 0 to 9, whole
            assertThat(extractor.summary().damageOffset()).isEqualTo(tenth);
            assertThat(extractor.summary().damage()).contains("at byte " + tenth);
        }
    }

    @Test
    void anImpossibleRecordLengthIsCorruption() {
        TestCaptures capture = TestCaptures.scenario();
        byte[] bytes = capture.pcap();
        int fifth = (int) capture.pcapRecordOffset(5);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(fifth + 8, 0x7fffffff);
        assertThatThrownBy(() -> CaptureFlowsTest.flows(bytes, CaptureOptions.defaults()))
                .hasMessage("the packet record at byte " + fifth + " declares 2147483647 captured bytes, more than the 262144"
                        + " a pcap record can hold: the capture is corrupt from there");
    }

    @Test
    void aPcapngBlockWhoseLengthsDisagree() throws IOException {
        byte[] bytes = TestCaptures.scenario().pcapng();
        // Blocks: section header (28 bytes), interface (28), name resolution (16), then packets.
        int firstPacket = 28 + 28 + 16;
        int length = ByteBuffer.wrap(bytes).getInt(firstPacket + 4);
        ByteBuffer.wrap(bytes).putInt(firstPacket + length - 4, length + 4);
        assertThatThrownBy(() -> CaptureFlowsTest.flows(bytes, CaptureOptions.defaults()))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("the pcapng block at byte " + firstPacket + " starts with a length of " + length
                        + " bytes and ends with " + (length + 4) + ": the capture is corrupt from there");
        assertThat(CaptureFlowsTest.flows(bytes, KEEP)).isEmpty();
    }

    @Test
    void somethingElseIsNotACapture() {
        byte[] text = "Flow ID,Label\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CaptureFlowsTest.flows(text, CaptureOptions.defaults()))
                .hasMessage("the file is not a pcap or pcapng capture (it starts with the bytes 46 6c 6f 77)");
        assertThatThrownBy(() -> CaptureFlowsTest.flows(new byte[0], CaptureOptions.defaults()))
                .hasMessage("the capture is empty");
    }

    @Test
    void aCutGzipStreamIsDamageAtTheDecompressedOffset() throws IOException {
        byte[] pcap = TestCaptures.scenario().pcap();
        byte[] gz = TestCaptures.gzip(pcap);
        byte[] cut = Arrays.copyOf(gz, gz.length * 2 / 3);
        assertThatThrownBy(() -> CaptureFlowsTest.flows(cut, CaptureOptions.defaults()))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("gzip");
        try (FlowExtractor extractor = FlowExtractor.open(new ByteArrayInputStream(cut), KEEP)) {
            while (extractor.next() != null) {
                // drain
            }
            CaptureSummary summary = extractor.summary();
            assertThat(summary.gzip()).isTrue();
            assertThat(summary.damageOffset()).isBetween(1L, (long) pcap.length - 1);
            assertThat(summary.packets()).isPositive();
        }
    }

    @Test
    void aCaptureWithNoPacketsHasNoFlows() throws IOException {
        byte[] headerOnly = Arrays.copyOf(new TestCaptures().pcap(), 24);
        assertThat(CaptureFlowsTest.flows(headerOnly, CaptureOptions.defaults())).isEmpty();
    }
}
