package io.vigil.engine.data;

import static io.vigil.engine.data.Inputs.assertReadFails;
import static io.vigil.engine.data.Inputs.gzip;
import static io.vigil.engine.data.Inputs.open;
import static io.vigil.engine.data.Inputs.readAll;
import static io.vigil.engine.data.Inputs.rows;
import static io.vigil.engine.data.Inputs.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReadingTest {

    @Test
    void readsHeaderAndRowsWithRfc4180Quoting() throws IOException {
        String csv = "id,comment,score\n"
                + "1,\"hello, world\",3.5\n"
                + "2,\"she said \"\"hi\"\"\",\n"
                + "3,\"two\nlines\",7\n";
        try (TableReader reader = open(csv)) {
            assertThat(reader.columnNames()).containsExactly("id", "comment", "score");
            assertThat(reader.detected().format()).isEqualTo(DataFormat.CSV);
            assertThat(reader.detected().delimiter()).isEqualTo(',');
            assertThat(reader.detected().header()).isTrue();
            assertThat(reader.declaredTypes()).isEmpty();
            assertThat(reader.next()).containsExactly("1", "hello, world", "3.5");
            assertThat(reader.line()).isEqualTo(2);
            assertThat(reader.next()).containsExactly("2", "she said \"hi\"", null);
            assertThat(reader.line()).isEqualTo(3);
            assertThat(reader.next()).containsExactly("3", "two\nlines", "7");
            assertThat(reader.line()).isEqualTo(4);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void detectsSemicolonTabAndPipe() throws IOException {
        assertDelimiter("a;b;c\n1,5;2;x\n3;4,5;y\n", ';', DataFormat.CSV);
        assertDelimiter("a\tb\tc\n1\t2\t3,4\n", '\t', DataFormat.TSV);
        assertDelimiter("a|b|c\n1|2|3\n4|5|6\n", '|', DataFormat.CSV);
        assertDelimiter("a,b\n\"x;y;z\",2\n\"p;q;r\",3\n", ',', DataFormat.CSV);
    }

    private static void assertDelimiter(String text, char delimiter, DataFormat format) throws IOException {
        try (TableReader reader = open(text)) {
            assertThat(reader.detected().delimiter()).as(text).isEqualTo(delimiter);
            assertThat(reader.detected().format()).as(text).isEqualTo(format);
            assertThat(reader.columnNames()).as(text).containsExactly(List.of("a", "b", "c", "d").subList(0,
                    reader.columnNames().size()).toArray(new String[0]));
        }
    }

    @Test
    void singleColumnFallsBackToComma() throws IOException {
        try (TableReader reader = open("name\nalice\nbob\n")) {
            assertThat(reader.columnNames()).containsExactly("name");
            assertThat(reader.next()).containsExactly("alice");
        }
    }

    @Test
    void fileNameAndExplicitOptionsWin() throws IOException {
        byte[] tsv = utf8("a\tb\n1\t2\n");
        try (TableReader reader = open(tsv, ReadOptions.detect(), "upload.tsv")) {
            assertThat(reader.detected().format()).isEqualTo(DataFormat.TSV);
            assertThat(reader.next()).containsExactly("1", "2");
        }
        byte[] odd = utf8("a:b\n1:2\n");
        try (TableReader reader = open(odd, ReadOptions.detect().withFormat(DataFormat.CSV).withDelimiter(':'), null)) {
            assertThat(reader.columnNames()).containsExactly("a", "b");
            assertThat(reader.detected().delimiter()).isEqualTo(':');
        }
    }

    @Test
    void headerlessWithGivenColumns() throws IOException {
        byte[] data = utf8("0,tcp,normal\n5,udp,neptune\n");
        ReadOptions options = ReadOptions.detect().withColumns(List.of("duration", "protocol", "label"));
        try (TableReader reader = open(data, options, "KDD.txt")) {
            assertThat(reader.columnNames()).containsExactly("duration", "protocol", "label");
            assertThat(reader.detected().header()).isFalse();
            assertThat(reader.next()).containsExactly("0", "tcp", "normal");
            assertThat(reader.line()).isEqualTo(1);
            assertThat(reader.next()).containsExactly("5", "udp", "neptune");
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void gzipIsDetectedByMagicNumber() throws IOException {
        byte[] compressed = gzip(utf8("a,b\n1,2\n3,4\n"));
        try (TableReader reader = open(compressed, ReadOptions.detect(), "whatever.bin")) {
            assertThat(reader.detected().gzip()).isTrue();
            assertThat(reader.columnNames()).containsExactly("a", "b");
            assertThat(readAll(reader)).containsExactly(new String[] {"1", "2"}, new String[] {"3", "4"});
        }
    }

    @Test
    void byteOrderMarkIsStripped() throws IOException {
        byte[] body = utf8("ä,b\n1,2\n");
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        try (TableReader reader = open(withBom, ReadOptions.detect(), null)) {
            assertThat(reader.columnNames()).containsExactly("ä", "b");
        }
    }

    @Test
    void windows1252TextIsReadWhenItsEncodingIsNamed() throws IOException {
        // CIC-IDS2017's web-attack labels carry an en dash as the single byte 0x96.
        byte[] cp1252 = "Label,bytes\r\nWeb Attack \u2013 Brute Force,10\r\nBENIGN,\u00e9\r\n"
                .getBytes(Charset.forName("windows-1252"));
        assertReadFails(cp1252, ReadOptions.detect(), null).hasMessageStartingWith("invalid UTF-8 at line 2");
        ReadOptions named = ReadOptions.detect().withEncoding(Charset.forName("windows-1252"));
        DetectedFormat detected;
        try (TableReader reader = open(cp1252, named, null)) {
            detected = reader.detected();
            assertThat(detected.encoding()).isEqualTo("windows-1252");
            assertThat(readAll(reader)).containsExactly(
                    new String[] {"Web Attack \u2013 Brute Force", "10"}, new String[] {"BENIGN", "\u00e9"});
        }
        assertThat(readAll(open(cp1252, detected.toReadOptions(), null))).hasSize(2);
        // 0x81 has no character in windows-1252: named encodings are strict too.
        byte[] undefined = {'a', '\n', 'b', (byte) 0x81, '\n'};
        assertReadFails(undefined, named, null).hasMessageStartingWith("invalid windows-1252 at line 2");
    }

    @Test
    void utf16WithByteOrderMarkIsDetected() throws IOException {
        for (Charset charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            byte[] text = "\uFEFFh\u00e9,b\r\n1,2\r\n".getBytes(charset);
            try (TableReader reader = open(text, ReadOptions.detect(), "excel.txt")) {
                assertThat(reader.detected().encoding()).isEqualTo(charset.name());
                assertThat(reader.columnNames()).containsExactly("h\u00e9", "b");
                assertThat(readAll(reader)).containsExactly(new String[] {"1", "2"});
            }
        }
    }

    @Test
    void storedFormatsWithoutAnEncodingWereUtf8() throws IOException {
        String old = "{\"format\":\"CSV\",\"delimiter\":\",\",\"gzip\":false,\"header\":true,\"columns\":[\"a\"]}";
        DetectedFormat stored = new com.fasterxml.jackson.databind.ObjectMapper().readValue(old, DetectedFormat.class);
        assertThat(stored.toReadOptions().encoding()).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void crlfAndBlankLinesAndMissingFinalNewline() throws IOException {
        List<String[]> rows = rows("a,b\r\n1,2\r\n\r\n3,4");
        assertThat(rows).containsExactly(new String[] {"1", "2"}, new String[] {"3", "4"});
    }

    @Test
    void duplicateAndEmptyHeaderNamesAreRenamedDeterministically() throws IOException {
        try (TableReader reader = open(",id,id,name, id ,id_2\n0,1,2,3,4,5\n")) {
            assertThat(reader.columnNames()).containsExactly("column_1", "id", "id_3", "name", "id_4", "id_2");
        }
    }

    @Test
    void detectedFormatSurvivesJson() throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        try (TableReader reader = open("a;b\n1;2\n")) {
            String json = mapper.writeValueAsString(reader.detected());
            assertThat(json).isEqualTo("{\"format\":\"CSV\",\"delimiter\":\";\",\"gzip\":false,\"header\":true,"
                    + "\"columns\":[\"a\",\"b\"],\"flattenObjects\":false,\"encoding\":\"UTF-8\",\"decimalComma\":false,"
                    + "\"keepFlowsBeforeDamage\":false}");
            assertThat(mapper.readValue(json, DetectedFormat.class)).isEqualTo(reader.detected());
        }
    }

    @Test
    void detectedFormatReReadsTheSameRows() throws IOException {
        List<byte[]> inputs = List.of(
                utf8("x;y\n1;2\n3;4\n"),
                gzip(utf8("x\ty\n1\t2\n")),
                utf8("{\"x\":1,\"y\":[1,2]}\n{\"y\":\"b\"}\n"),
                utf8("@relation r\n@attribute x numeric\n@attribute y {a,b}\n@data\n1,a\n?,b\n"));
        for (byte[] input : inputs) {
            List<String[]> first;
            DetectedFormat detected;
            try (TableReader reader = open(input, ReadOptions.detect(), null)) {
                detected = reader.detected();
                first = readAll(reader);
            }
            try (TableReader again = open(input, detected.toReadOptions(), null)) {
                assertThat(again.detected()).isEqualTo(detected);
                assertThat(readAll(again)).containsExactlyElementsOf(first);
            }
        }
        byte[] headerless = utf8("1,2\n3,4\n");
        ReadOptions given = ReadOptions.detect().withColumns(List.of("p", "q"));
        try (TableReader reader = open(headerless, given, null)) {
            ReadOptions replay = reader.detected().toReadOptions();
            assertThat(replay.columns()).containsExactly("p", "q");
            assertThat(readAll(open(headerless, replay, null))).hasSize(2);
        }
    }
}
