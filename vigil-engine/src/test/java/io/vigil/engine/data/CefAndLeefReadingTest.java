package io.vigil.engine.data;

import static io.vigil.engine.data.EveAndCowrieReadingTest.row;
import static io.vigil.engine.data.Inputs.assertReadFails;
import static io.vigil.engine.data.Inputs.open;
import static io.vigil.engine.data.Inputs.readAll;
import static io.vigil.engine.data.Inputs.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CefAndLeefReadingTest {

    /**
     * CEF as firewalls and IDSs forward it: the specification's own example, one after an RFC 3164
     * syslog prefix, a pipe and a backslash escaped in the header, and in the extension values with
     * spaces, an escaped '=' and backslashes, an escaped line break, and an '=' that follows no key.
     */
    static final String CEF = String.join("\n",
            "CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232",
            "<134>Mar  5 10:15:30 fw01 CEF:0|Acme\\|Corp|Fire\\\\Wall|2.1|4000|Port scan \\| detected|7|src=203.0.113.9 "
                    + "dst=10.0.0.5 dpt=22 msg=Detected a port scan from 203.0.113.9 act=blocked",
            "CEF:0|Microsoft|Microsoft Windows||Microsoft-Windows-Security-Auditing:4625|An account failed to log on.|Low|"
                    + "suser=CORP\\\\jdoe filePath=C:\\\\Windows\\\\System32\\\\cmd.exe request=http://x.test/?q\\=1&r\\=2 "
                    + "msg=first line\\nsecond line cs2=a=b cs2Label=Logon Type  ",
            "CEF:1|Vendor|Product|1|sig-1|Empty extension|3|") + "\n";

    @Test
    void cefHeaderAndExtensionWithTheirEscapes() throws IOException {
        try (TableReader reader = open(utf8(CEF), ReadOptions.detect(), "siem-forward.log")) {
            assertThat(reader.detected().format()).isEqualTo(DataFormat.CEF);
            assertThat(reader.columnNames()).containsExactly("cef_version", "device_vendor", "device_product", "device_version",
                    "signature_id", "name", "severity", "src", "dst", "spt", "syslog_prefix", "dpt", "msg", "act", "suser",
                    "filePath", "request", "cs2", "cs2Label");
            assertThat(reader.declaredTypes()).containsExactly(Map.entry("cef_version", ColumnType.INTEGER));
            List<String[]> rows = readAll(reader);
            List<String> columns = reader.columnNames();
            assertThat(rows.get(0)).containsExactly("0", "Security", "threatmanager", "1.0", "100", "worm successfully stopped",
                    "10", "10.0.0.1", "2.1.2.2", "1232", null, null, null, null, null, null, null, null, null);
            assertThat(row(columns, rows.get(1))).containsEntry("syslog_prefix", "<134>Mar  5 10:15:30 fw01")
                    .containsEntry("device_vendor", "Acme|Corp").containsEntry("device_product", "Fire\\Wall")
                    .containsEntry("name", "Port scan | detected").containsEntry("severity", "7")
                    .containsEntry("msg", "Detected a port scan from 203.0.113.9").containsEntry("act", "blocked")
                    .containsEntry("dpt", "22");
            assertThat(row(columns, rows.get(2))).containsEntry("device_version", null)
                    .containsEntry("signature_id", "Microsoft-Windows-Security-Auditing:4625").containsEntry("severity", "Low")
                    .containsEntry("suser", "CORP\\jdoe").containsEntry("filePath", "C:\\Windows\\System32\\cmd.exe")
                    .containsEntry("request", "http://x.test/?q=1&r=2").containsEntry("msg", "first line\nsecond line")
                    .containsEntry("cs2", "a=b").containsEntry("cs2Label", "Logon Type");
            assertThat(rows.get(3)).containsExactly("1", "Vendor", "Product", "1", "sig-1", "Empty extension", "3",
                    null, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    @Test
    void cefKeysFirstSeenAfterTheHeadAreCounted() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < JsonLinesRowSource.LOOKAHEAD_OBJECTS; i++) {
            log.append("CEF:0|V|P|1|1|n|1|src=10.0.0.").append(i % 250).append('\n');
        }
        log.append("CEF:0|V|P|1|1|n|1|src=10.0.0.1 cs6=rare cs6Label=Extra\n");
        try (TableReader reader = open(utf8(log.toString()), ReadOptions.detect(), null)) {
            List<String[]> rows = readAll(reader);
            assertThat(rows).hasSize(JsonLinesRowSource.LOOKAHEAD_OBJECTS + 1);
            assertThat(reader.columnNames()).hasSize(8);
            assertThat(reader.ignoredFields()).containsExactly(Map.entry("cs6", 1L), Map.entry("cs6Label", 1L));
        }
    }

    @Test
    void malformedCefLinesAreErrorsNamingTheLine() {
        assertReadFails(utf8(CEF + "CEF:0|Vendor|Product|1.0|100|name\n"), ReadOptions.detect(), null)
                .hasMessage("line 5: a CEF header has 7 fields separated by '|' (Version|Device Vendor|Device Product|"
                        + "Device Version|Signature ID|Name|Severity); this one has fewer");
        assertReadFails(utf8(CEF + "CEF:0|a|b|c|d|e|5|garbage text src=1\n"), ReadOptions.detect(), null)
                .hasMessage("line 5: the CEF extension must be key=value pairs; 'garbage text' is not");
        assertReadFails(utf8(CEF + "Mar  5 10:15:31 fw01 sshd[811]: Accepted publickey for root\n"), ReadOptions.detect(), null)
                .hasMessage("line 5 is not a CEF line (no 'CEF:' in it)");
        assertReadFails(utf8(CEF + "CEF:x|a|b|c|d|e|5|src=1\n"), ReadOptions.detect(), null)
                .hasMessage("line 5: the CEF version 'x' is not a number");
        assertReadFails(utf8(CEF + "CEF:0|a|b|c|d|e|5|src=1 src=2\n"), ReadOptions.detect(), null)
                .hasMessage("line 5 has the field 'src' twice");
    }

    /** LEEF 1.0 (tabs), 2.0 with '^', 2.0 with a hex-declared '|', and 2.0 without its delimiter field. */
    static final String LEEF = String.join("\n",
            "LEEF:1.0|Microsoft|MSExchange|2016|15345|src=192.0.2.10\tdst=172.50.123.1\tsev=5\tcat=anomaly\t"
                    + "usrName=jane doe\tmsg=query a=b",
            "<13>Jan 18 11:07:53 192.168.1.1 LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5^sev=5^"
                    + "srcPort=81^dstPort=21^",
            "LEEF:2.0|Vendor|Prod\\|uct|1.0|EvtID|x7C|src=1.2.3.4|dst=5.6.7.8|devTime=Mar 05 2024 10:00:00",
            "LEEF:2.0|Vendor|Product|1.0|NoDelim|src=9.9.9.9\tdst=8.8.8.8") + "\n";

    @Test
    void leefOneAndTwoWithTheirDelimiters() throws IOException {
        try (TableReader reader = open(utf8(LEEF), ReadOptions.detect(), null)) {
            assertThat(reader.detected().format()).isEqualTo(DataFormat.LEEF);
            assertThat(reader.columnNames()).containsExactly("leef_version", "device_vendor", "device_product", "device_version",
                    "event_id", "src", "dst", "sev", "cat", "usrName", "msg", "syslog_prefix", "srcPort", "dstPort", "devTime");
            assertThat(reader.declaredTypes()).containsExactly(Map.entry("leef_version", ColumnType.NUMERIC));
            List<String[]> rows = readAll(reader);
            assertThat(rows.get(0)).containsExactly("1.0", "Microsoft", "MSExchange", "2016", "15345", "192.0.2.10",
                    "172.50.123.1", "5", "anomaly", "jane doe", "query a=b", null, null, null, null);
            assertThat(rows.get(1)).containsExactly("2.0", "Lancope", "StealthWatch", "1.0", "41", "10.0.1.8", "10.0.0.5", "5",
                    null, null, null, "<13>Jan 18 11:07:53 192.168.1.1", "81", "21", null);
            assertThat(rows.get(2)).containsExactly("2.0", "Vendor", "Prod|uct", "1.0", "EvtID", "1.2.3.4", "5.6.7.8", null,
                    null, null, null, null, null, null, "Mar 05 2024 10:00:00");
            assertThat(rows.get(3)).containsExactly("2.0", "Vendor", "Product", "1.0", "NoDelim", "9.9.9.9", "8.8.8.8", null,
                    null, null, null, null, null, null, null);
        }
        assertThat(LeefParser.delimiter("0x5E")).isEqualTo('^');
        assertThat(LeefParser.delimiter("")).isEqualTo('\t');
        assertThat(LeefParser.delimiter("src=1")).isNull();
    }

    @Test
    void malformedLeefLinesAreErrorsNamingTheLine() {
        assertReadFails(utf8(LEEF + "LEEF:1.0|V|P|1.0|ID|src=1.1.1.1\tjunk\n"), ReadOptions.detect(), null)
                .hasMessage("line 5: the LEEF attribute 'junk' is not key=value (attributes are separated by tabs)");
        assertReadFails(utf8(LEEF + "LEEF:3.0|V|P|1.0|ID|src=1\n"), ReadOptions.detect(), null)
                .hasMessage("line 5: LEEF version '3.0' is not 1.0 or 2.0");
        assertReadFails(utf8(LEEF + "LEEF:1.0|V|P\n"), ReadOptions.detect(), null)
                .hasMessageStartingWith("line 5: a LEEF header has 5 fields separated by '|'");
    }

    @Test
    void sniffingAndNames() throws IOException {
        assertThat(DataFormat.fromName("CEF")).contains(DataFormat.CEF);
        assertThat(DataFormat.fromName("leef")).contains(DataFormat.LEEF);
        assertThat(DataFormat.fromFileName("forward.cef.gz")).contains(DataFormat.CEF);
        // RFC 5424 syslog before CEF; a priority glued to it
        assertThat(open("<165>1 2024-03-05T10:15:30.003Z fw01 ids - - - CEF:0|a|b|c|d|e|5|src=1\n").detected().format())
                .isEqualTo(DataFormat.CEF);
        assertThat(open("<165>CEF:0|a|b|c|d|e|5|src=1\n").detected().format()).isEqualTo(DataFormat.CEF);
        // CSV that merely mentions CEF is CSV
        assertThat(open("name,value\nCEFx:0|a,1\n").detected().format()).isEqualTo(DataFormat.CSV);
        // a given format reads lines the sniffer would not look at first
        try (TableReader reader = open(utf8("\n\nLEEF:1.0|V|P|1|E|a=1\n"), ReadOptions.detect().withFormat(DataFormat.LEEF), null)) {
            assertThat(readAll(reader)).hasSize(1);
            assertThat(reader.line()).isEqualTo(3);
        }
    }
}
