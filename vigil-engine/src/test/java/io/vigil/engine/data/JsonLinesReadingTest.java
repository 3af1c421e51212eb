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
    void pythonsNanAndInfinityTokensAreMissing() throws IOException {
        // json.dumps({"rate": float("nan"), ...}) writes bare NaN and Infinity tokens
        String jsonl = "{\"rate\": NaN, \"bytes\": Infinity, \"pkts\": -Infinity, \"ok\": 1.5}\n";
        try (TableReader reader = open(jsonl)) {
            String[] row = reader.next();
            assertThat(row[3]).isEqualTo("1.5");
            assertThat(Cells.isMissing(row[0])).isTrue();
            assertThat(Cells.isMissing(row[1])).isTrue();
            assertThat(Cells.isMissing(row[2])).isTrue();
        }
    }

    @Test
    void firstObjectDefinesColumns() throws IOException {
        String jsonl = "{\"src\":\"10.0.0.1\",\"bytes\":512,\"rate\":0.25,\"ok\":true,\"tags\":[\"a\",\"b\"],\"meta\":{\"k\":1}}\n"
                + "\n"
                + "{\"bytes\":7,\"src\":null}\n";
        try (TableReader reader = open(jsonl)) {
            assertThat(reader.detected().format()).isEqualTo(DataFormat.JSONL);
            assertThat(reader.columnNames()).containsExactly("src", "bytes", "rate", "ok", "tags", "meta.k");
            assertThat(reader.next()).containsExactly("10.0.0.1", "512", "0.25", "true", "[\"a\",\"b\"]", "1");
            assertThat(reader.line()).isEqualTo(1);
            assertThat(reader.next()).containsExactly(null, "7", null, null, null, null);
            assertThat(reader.line()).isEqualTo(3);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void nestedObjectsAreDottedColumns() throws IOException {
        // Suricata EVE: the flow's counters sit in an object, the alert's in another, some lines lack them
        String jsonl = "{\"event_type\":\"flow\",\"flow\":{\"pkts_toserver\":3,\"bytes_toserver\":180,\"tcp\":{\"syn\":true}},\"tags\":[1]}\n"
                + "{\"event_type\":\"alert\",\"alert\":{\"severity\":2},\"flow\":{\"bytes_toserver\":null}}\n"
                + "{\"event_type\":\"dns\",\"flow\":{}}\n";
        try (TableReader reader = open(jsonl)) {
            assertThat(reader.columnNames())
                    .containsExactly("event_type", "flow.pkts_toserver", "flow.bytes_toserver", "flow.tcp.syn", "tags", "alert.severity");
            assertThat(readAll(reader)).containsExactly(new String[] {"flow", "3", "180", "true", "[1]", null},
                    new String[] {"alert", null, null, null, null, "2"}, new String[] {"dns", null, null, null, null, null});
            assertThat(reader.detected().flattenObjects()).isTrue();
            assertThat(reader.detected().toReadOptions().flattenObjects()).isTrue();
        }
    }

    @Test
    void datasetsStoredBeforeFlatteningKeepObjectsAsText() throws IOException {
        byte[] data = utf8("{\"a\":1,\"meta\":{\"k\":1,\"v\":[2]}}\n");
        try (TableReader reader = open(data, ReadOptions.detect().withFlattenObjects(false), "x.jsonl")) {
            assertThat(reader.columnNames()).containsExactly("a", "meta");
            assertThat(readAll(reader)).containsExactly(new String[][] {{"1", "{\"k\":1,\"v\":[2]}"}});
        }
        // a stored format written before the field existed reads back as "not flattened"
        DetectedFormat old = io.vigil.engine.ModelJson.MAPPER.readValue(
                "{\"format\":\"JSONL\",\"delimiter\":\",\",\"gzip\":false,\"header\":true,\"columns\":[\"a\",\"meta\"]}", DetectedFormat.class);
        assertThat(old.toReadOptions().flattenObjects()).isFalse();
    }

    @Test
    void aDottedKeyAndTheSameNestedFieldIsAnError() {
        assertReadFails("{\"flow.bytes\":1,\"flow\":{\"bytes\":2}}\n")
                .hasMessage("line 1 has the field 'flow.bytes' twice (as a dotted key and inside an object)");
        assertReadFails("{\"x\":1}\n{\"x\":2}\n{\"a\":{\"b\":1},\"a.b\":2}\n")
                .hasMessageContaining("line 3 has the field 'a.b' twice");
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
