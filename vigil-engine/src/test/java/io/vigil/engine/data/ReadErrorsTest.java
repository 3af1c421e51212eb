package io.vigil.engine.data;

import static io.vigil.engine.data.Inputs.assertReadFails;
import static io.vigil.engine.data.Inputs.gzip;
import static io.vigil.engine.data.Inputs.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadErrorsTest {

    @Test
    void emptyFile() {
        assertReadFails(new byte[0], ReadOptions.detect(), null).hasMessage("the file is empty")
                .extracting(e -> ((DataFormatException) e).line()).isEqualTo(-1L);
        assertReadFails(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, ReadOptions.detect(), null)
                .hasMessage("the file is empty");
        assertReadFails("\n\r\n\n").hasMessage("the file is empty");
        assertReadFails(gzip(new byte[0]), ReadOptions.detect(), null).hasMessage("the file is empty");
    }

    @Test
    void headerOnly() {
        assertReadFails("a,b,c\n").hasMessage("the file has a header but no data rows");
        assertReadFails("a,b,c").hasMessage("the file has a header but no data rows");
    }

    @Test
    void raggedRowNamesLineAndCounts() {
        assertReadFails("a,b,c,d,e\n1,2,3,4,5\n1,2,3,4,5,6,7\n")
                .hasMessage("line 3 has 7 fields, the header has 5")
                .extracting(e -> ((DataFormatException) e).line()).isEqualTo(3L);
        assertReadFails("a,b,c\n1,2\n").hasMessage("line 2 has 2 fields, the header has 3");
        assertReadFails(utf8("1,2,3\n"), ReadOptions.detect().withColumns(List.of("x", "y")), null)
                .hasMessage("line 1 has 3 fields, but 2 column names were given");
    }

    @Test
    void binaryContent() {
        byte[] bytes = utf8("a,b\n1,2\n");
        byte[] binary = Arrays.copyOf(bytes, bytes.length + 4);
        binary[5] = 0;
        assertReadFails(binary, ReadOptions.detect(), null)
                .hasMessage("the file is not text (binary content at character 5)");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
        assertReadFails(png, ReadOptions.detect(), "image.csv").hasMessageStartingWith("the file is not text");
        assertReadFails(new byte[] {'P', 'K', 3, 4, 20, 0}, ReadOptions.detect(), "NSL_KDD.zip")
                .hasMessageStartingWith("the file is a ZIP archive");
        byte[] parquet = {'P', 'A', 'R', '1', 0x15, 0x04, 0x15, 0x10};
        assertReadFails(parquet, ReadOptions.detect(), "flows.parquet").hasMessageStartingWith("the file is Apache Parquet");
        byte[] pcap = {(byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1, 2, 0, 4, 0};
        byte[] pcapng = {0x0A, 0x0D, 0x0D, 0x0A, 0x1C, 0, 0, 0};
        // A capture is read as flows whatever its name (CaptureTableTest); these are cut after 8 bytes.
        assertReadFails(pcap, ReadOptions.detect(), "capture.csv").hasMessageStartingWith("the capture is cut: the pcap file header");
        assertReadFails(pcapng, ReadOptions.detect(), null).hasMessageStartingWith("the capture is cut: the section header block");
        assertReadFails(pcap, ReadOptions.detect().withFormat(DataFormat.CSV), "capture.csv")
                .hasMessageStartingWith("the file is a packet capture (pcap), not a text table");
    }

    @Test
    void invalidUtf8NamesTheLine() {
        byte[] text = utf8("a,b\n1,2\n3,X\n");
        text[text.length - 2] = (byte) 0xE9; // Latin-1 'é'
        assertReadFails(text, ReadOptions.detect(), null)
                .hasMessage("invalid UTF-8 at line 3: save the file as UTF-8, or give its encoding"
                        + " (for example encoding=windows-1252)")
                .extracting(e -> ((DataFormatException) e).line()).isEqualTo(3L);
    }

    @Test
    void invalidUtf8FarIntoTheFile() {
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 50_000; i++) {
            csv.append(i).append(",x\n");
        }
        byte[] bytes = utf8(csv + "1,X\n");
        bytes[bytes.length - 2] = (byte) 0xC3; // a lead byte followed by a newline: truncated sequence
        assertReadFails(bytes, ReadOptions.detect(), null).hasMessageStartingWith("invalid UTF-8 at line 50002");
    }

    @Test
    void tenMegabyteLineFailsFastWithBoundedMemory() {
        InputStream huge = new LineOfXs(10 * 1024 * 1024);
        long start = System.nanoTime();
        assertThatThrownBy(() -> Inputs.readAll(TableReader.open(huge, ReadOptions.detect(), "big.csv")))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("line 2 is longer than the limit of 1048576 characters");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
        assertThat(((LineOfXs) huge).served).as("stopped reading soon after the limit").isLessThan(3 * 1024 * 1024);
    }

    @Test
    void longQuotedFieldAcrossLinesIsBounded() {
        StringBuilder csv = new StringBuilder("a,b\n1,\"");
        for (int i = 0; i < 5_000; i++) {
            csv.append("0123456789".repeat(5)).append('\n');
        }
        csv.append("\"\n");
        assertReadFails(utf8(csv.toString()), ReadOptions.detect().withMaxLineChars(1_000), null)
                .hasMessage("line 2 cannot be parsed: a field is longer than the line limit (is a quote not closed?)");
    }

    @Test
    void unclosedQuoteAtTheEndIsReported() throws java.io.IOException {
        assertReadFails("a,b\n1,2\n3,\"open\n4,5\n").hasMessage("line 3 has a quoted field that is never closed");
        // a literal quote inside an unquoted field is fine (FastCSV reads it as text), even with an odd count
        assertThat(Inputs.rows("size,n\n5\" screen,2\n\"x\",3\n")).hasSize(2);
        assertThat(Inputs.rows("size,n\n5\" screen,2\n\"x\ny\",3\n")).hasSize(2);
    }

    @Test
    void badCharacterAfterClosingQuote() {
        assertReadFails("a,b\n\"x\"y,2\n").hasMessageStartingWith("line 2 cannot be parsed: Unexpected character after closing quote");
    }

    @Test
    void corruptGzip() {
        byte[] compressed = gzip(utf8("a,b\n" + "1,2\n".repeat(10_000)));
        byte[] truncated = Arrays.copyOf(compressed, compressed.length / 2);
        assertReadFails(truncated, ReadOptions.detect(), null).hasMessageStartingWith("the gzip data is corrupt or truncated");
    }

    @Test
    void failedOpenClosesTheStream() {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        assertThatThrownBy(() -> TableReader.open(in, null, null)).isInstanceOf(DataFormatException.class);
        assertThat(closed[0]).isTrue();
    }

    /** "a,b\n" then one line of x's, generated on the fly. */
    private static final class LineOfXs extends InputStream {
        private final byte[] head = utf8("a,b\n");
        private final long length;
        long served;

        LineOfXs(long lineLength) {
            this.length = head.length + lineLength;
        }

        @Override
        public int read() {
            if (served >= length) {
                return -1;
            }
            return served < head.length ? head[(int) served++] : xs(served++);
        }

        private static int xs(long ignored) {
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (served >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - served);
            for (int i = 0; i < n; i++) {
                b[off + i] = served < head.length ? head[(int) served] : (byte) 'x';
                served++;
            }
            return n;
        }
    }
}
