package io.vigil.engine.data;

import static io.vigil.engine.data.Inputs.assertReadFails;
import static io.vigil.engine.data.Inputs.open;
import static io.vigil.engine.data.Inputs.readAll;
import static io.vigil.engine.data.Inputs.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesReadingTest {

    @Test
    void firstObjectDefinesColumns() throws IOException {
        String jsonl = "{\"src\":\"10.0.0.1\",\"bytes\":512,\"rate\":0.25,\"ok\":true,\"tags\":[\"a\",\"b\"],\"meta\":{\"k\":1}}\n"
                + "\n"
                + "{\"bytes\":7,\"src\":null}\n";
        try (TableReader reader = open(jsonl)) {
            assertThat(reader.detected().format()).isEqualTo(DataFormat.JSONL);
            assertThat(reader.columnNames()).containsExactly("src", "bytes", "rate", "ok", "tags", "meta");
            assertThat(reader.next()).containsExactly("10.0.0.1", "512", "0.25", "true", "[\"a\",\"b\"]", "{\"k\":1}");
            assertThat(reader.line()).isEqualTo(1);
            assertThat(reader.next()).containsExactly(null, "7", null, null, null, null);
            assertThat(reader.line()).isEqualTo(3);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void givenColumnsSelectKeys() throws IOException {
        byte[] data = utf8("{\"a\":1}\n{\"b\":2,\"a\":3}\n");
        try (TableReader reader = open(data, ReadOptions.detect().withColumns(List.of("a", "b")), "x.jsonl")) {
            assertThat(readAll(reader)).containsExactly(new String[] {"1", null}, new String[] {"3", "2"});
        }
    }

    @Test
    void keysTheFirstObjectLeavesOutAreColumnsToo() throws IOException {
        // Zeek and Suricata write only the fields a record has
        String jsonl = "{\"ts\":1,\"proto\":\"tcp\"}\n{\"ts\":2,\"service\":\"dns\",\"proto\":\"udp\"}\n{\"ts\":3,\"duration\":0.5}\n";
        try (TableReader reader = open(jsonl)) {
            assertThat(reader.columnNames()).containsExactly("ts", "proto", "service", "duration");
            assertThat(readAll(reader)).containsExactly(new String[] {"1", "tcp", null, null},
                    new String[] {"2", "udp", "dns", null}, new String[] {"3", null, null, "0.5"});
        }
    }

    @Test
    void aKeyFirstSeenAfterTheLookAheadIsAnError() {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < JsonLinesRowSource.LOOKAHEAD_OBJECTS; i++) jsonl.append("{\"a\":").append(i).append("}\n");
        jsonl.append("{\"a\":1,\"b\":3}\n");
        long line = JsonLinesRowSource.LOOKAHEAD_OBJECTS + 1;
        assertReadFails(jsonl.toString())
                .hasMessage("line " + line + " has the key 'b', which none of the objects before it has (the columns are the keys "
                        + "of the first 10000 objects): give the columns to read")
                .extracting(e -> ((DataFormatException) e).line()).isEqualTo(line);
    }

    @Test
    void nonObjectLineIsAnError() {
        assertReadFails("{\"a\":1}\n[1,2]\n").hasMessage("line 2 is not a JSON object");
        assertReadFails("{\"a\":1}\n42\n").hasMessage("line 2 is not a JSON object");
    }

    @Test
    void invalidJsonNamesTheLine() {
        assertReadFails("{\"a\":1}\n{\"a\":2}\n{\"a\":}\n").hasMessageStartingWith("line 3 is not valid JSON");
        assertReadFails("{\"a\":1,\"a\":2}\n").hasMessageContaining("line 1").hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void jsonArrayFileGetsAHint() {
        assertReadFails("[{\"a\":1}]").hasMessageContaining("JSON array").hasMessageContaining("JSON Lines");
    }

    @Test
    void blankOnlyFileIsEmpty() {
        assertReadFails(utf8("\n\n  \n"), ReadOptions.detect().withFormat(DataFormat.JSONL), null)
                .hasMessage("the file is empty");
    }
}
