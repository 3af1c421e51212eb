package io.vigil.server.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The security logs a SOC has at hand upload as they are written: a Suricata EVE log, a Cowrie
 * honeypot log, CEF and LEEF lines forwarded by syslog. Each is sniffed (no format given), and its
 * columns and their types are what the engine reads (EVE and Cowrie numbers typed as numbers, their
 * timestamps as timestamps).
 */
class SecurityLogUploadIT {
    static TestServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void suricataEve() {
        String eve = """
                {"timestamp":"2024-03-05T10:15:30.123456+0000","flow_id":1187655326389711,"event_type":"flow","src_ip":"10.0.0.5","src_port":51432,"dest_ip":"93.184.216.34","dest_port":443,"proto":"TCP","flow":{"pkts_toserver":12,"bytes_toserver":1830,"age":30,"alerted":false}}
                {"timestamp":"2024-03-05T10:15:31.000001+0000","flow_id":1187655326389712,"event_type":"alert","src_ip":"203.0.113.9","src_port":4444,"dest_ip":"10.0.0.5","dest_port":22,"proto":"TCP","alert":{"signature_id":2001219,"signature":"ET SCAN Potential SSH Scan","severity":2},"flow":{"pkts_toserver":1,"bytes_toserver":74}}
                {"timestamp":"2024-03-05T10:15:32.5+0000","flow_id":1187655326389713,"event_type":"dns","src_ip":"10.0.0.5","src_port":53001,"dest_ip":"10.0.0.1","dest_port":53,"proto":"UDP","dns":{"type":"query","rrname":"example.com"}}
                """;
        JsonNode d = uploaded("eve.json", eve, "eve", 3);
        assertThat(types(d)).containsExactly(Map.entry("timestamp", "TIMESTAMP"), Map.entry("flow_id", "INTEGER"),
                Map.entry("event_type", "CATEGORICAL"), Map.entry("src_ip", "CATEGORICAL"), Map.entry("src_port", "INTEGER"),
                Map.entry("dest_ip", "CATEGORICAL"), Map.entry("dest_port", "INTEGER"), Map.entry("proto", "CATEGORICAL"),
                Map.entry("flow.pkts_toserver", "INTEGER"), Map.entry("flow.bytes_toserver", "INTEGER"),
                Map.entry("flow.age", "INTEGER"), Map.entry("flow.alerted", "BOOLEAN"), Map.entry("alert.signature_id", "INTEGER"),
                Map.entry("alert.signature", "CATEGORICAL"), Map.entry("alert.severity", "INTEGER"),
                Map.entry("dns.type", "CATEGORICAL"), Map.entry("dns.rrname", "CATEGORICAL"));
        JsonNode rows = http.get("/ml/datasets/" + d.get("id").asText() + "/preview").json().get("rows");
        assertThat(rows.get(1).get("alert.signature").asText()).isEqualTo("ET SCAN Potential SSH Scan");
        assertThat(rows.get(0).get("timestamp").asText()).isEqualTo("2024-03-05T10:15:30.123456Z");
        assertThat(rows.get(2).get("flow.bytes_toserver").isNull()).isTrue();

        // one event type only: the alerts, with the columns alerts have
        Response alerts = http.upload("/ml/datasets/upload", "eve.json", eve.getBytes(StandardCharsets.UTF_8), Map.of("eventType", "alert"));
        assertThat(alerts.status()).as(alerts.toString()).isEqualTo(201);
        assertThat(alerts.json().get("rows").asLong()).isEqualTo(1);
        assertThat(alerts.json().get("parsing").get("eventType").asText()).isEqualTo("alert");
        assertThat(types(alerts.json())).containsKey("alert.signature").doesNotContainKey("dns.rrname");
    }

    @Test
    void cowrie() {
        String cowrie = """
                {"eventid":"cowrie.session.connect","src_ip":"198.51.100.23","src_port":50312,"dst_port":2222,"session":"a1b2c3d4e5f6","timestamp":"2024-03-05T11:00:00.000123Z"}
                {"eventid":"cowrie.login.failed","username":"root","password":"123456","src_ip":"198.51.100.23","session":"a1b2c3d4e5f6","timestamp":"2024-03-05T11:00:01.5Z"}
                {"eventid":"cowrie.command.input","input":"uname -a","src_ip":"198.51.100.23","session":"a1b2c3d4e5f6","timestamp":"2024-03-05T11:00:05Z"}
                {"eventid":"cowrie.session.closed","duration":12.7,"src_ip":"198.51.100.23","session":"a1b2c3d4e5f6","timestamp":"2024-03-05T11:00:12.7Z"}
                """;
        JsonNode d = uploaded("cowrie.json", cowrie, "cowrie", 4);
        assertThat(types(d)).containsExactly(Map.entry("eventid", "CATEGORICAL"), Map.entry("src_ip", "CATEGORICAL"),
                Map.entry("src_port", "INTEGER"), Map.entry("dst_port", "INTEGER"), Map.entry("session", "CATEGORICAL"),
                Map.entry("timestamp", "TIMESTAMP"), Map.entry("username", "CATEGORICAL"), Map.entry("password", "CATEGORICAL"),
                Map.entry("input", "CATEGORICAL"), Map.entry("duration", "NUMERIC"));
    }

    @Test
    void cefAndLeefAfterASyslogPrefix() {
        String cef = "<134>Mar  5 10:15:30 fw01 CEF:0|Acme\\|Corp|FireWall|2.1|4000|Port scan|7|src=203.0.113.9 dpt=22 "
                + "msg=Detected a port scan\\nfrom 203.0.113.9 request=http://x.test/?q\\=1\n"
                + "<134>Mar  5 10:15:31 fw01 CEF:0|Acme\\|Corp|FireWall|2.1|4001|Login failed|3|src=198.51.100.7 dpt=443 suser=jdoe\n";
        JsonNode c = uploaded("forward.log", cef, "cef", 2);
        assertThat(types(c)).containsExactly(Map.entry("syslog_prefix", "CATEGORICAL"), Map.entry("cef_version", "INTEGER"),
                Map.entry("device_vendor", "CATEGORICAL"), Map.entry("device_product", "CATEGORICAL"),
                Map.entry("device_version", "NUMERIC"), Map.entry("signature_id", "INTEGER"), Map.entry("name", "CATEGORICAL"),
                Map.entry("severity", "INTEGER"), Map.entry("src", "CATEGORICAL"), Map.entry("dpt", "INTEGER"),
                Map.entry("msg", "CATEGORICAL"), Map.entry("request", "CATEGORICAL"), Map.entry("suser", "CATEGORICAL"));
        JsonNode first = http.get("/ml/datasets/" + c.get("id").asText() + "/preview").json().get("rows").get(0);
        assertThat(first.get("device_vendor").asText()).isEqualTo("Acme|Corp");
        assertThat(first.get("msg").asText()).isEqualTo("Detected a port scan\nfrom 203.0.113.9");
        assertThat(first.get("request").asText()).isEqualTo("http://x.test/?q=1");

        String leef = "LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5^sev=5^srcPort=81^dstPort=21\n"
                + "LEEF:1.0|Microsoft|MSExchange|2016|15345|src=192.0.2.10\tdst=172.50.123.1\tsev=3\tusrName=jane doe\n";
        JsonNode l = uploaded("qradar.txt", leef, "leef", 2);
        assertThat(types(l)).containsExactly(Map.entry("leef_version", "NUMERIC"), Map.entry("device_vendor", "CATEGORICAL"),
                Map.entry("device_product", "CATEGORICAL"), Map.entry("device_version", "NUMERIC"),
                Map.entry("event_id", "INTEGER"), Map.entry("src", "CATEGORICAL"), Map.entry("dst", "CATEGORICAL"),
                Map.entry("sev", "INTEGER"), Map.entry("srcPort", "INTEGER"), Map.entry("dstPort", "INTEGER"),
                Map.entry("usrName", "CATEGORICAL"));
    }

    @Test
    void aMalformedLineIsA422NamingIt() {
        Response r = http.upload("/ml/datasets/upload", "forward.cef",
                "CEF:0|a|b|c|d|e|5|src=1\nCEF:0|a|b|c\n".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.toString()).contains("line 2: a CEF header has 7 fields");
    }

    private static JsonNode uploaded(String fileName, String content, String format, long rows) {
        Response r = http.upload("/ml/datasets/upload", fileName, content.getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(r.status()).as(fileName + ": " + r).isEqualTo(201);
        assertThat(r.json().get("format").asText()).as(fileName).isEqualTo(format);
        assertThat(r.json().get("rows").asLong()).as(fileName).isEqualTo(rows);
        return r.json();
    }

    private static Map<String, String> types(JsonNode dataset) {
        Map<String, String> types = new LinkedHashMap<>();
        dataset.get("schema").forEach(c -> types.put(c.get("name").asText(), c.get("type").asText()));
        return types;
    }
}
