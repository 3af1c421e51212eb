package io.vigil.engine.data;

import static io.vigil.engine.data.Inputs.assertReadFails;
import static io.vigil.engine.data.Inputs.gzip;
import static io.vigil.engine.data.Inputs.open;
import static io.vigil.engine.data.Inputs.readAll;
import static io.vigil.engine.data.Inputs.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZeekReadingTest {

    /** The header Zeek 6 writes for conn.log, cut to a few fields. */
    static final String HEADER = """
            #separator \\x09
            #set_separator\t,
            #empty_field\t(empty)
            #unset_field\t-
            #path\tconn
            #open\t2019-01-11-00-00-00
            #fields\tts\tuid\tid.orig_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tlocal_orig\ttunnel_parents
            #types\ttime\tstring\taddr\tport\tenum\tstring\tinterval\tcount\tbool\tset[string]
            """;

    @Test
    void readsFieldsTypesAndMissingMarkers() throws IOException {
        String log = HEADER
                + "1547164800.123456\tCx1\t10.0.0.1\t80\ttcp\thttp\t0.5\t100\tT\t(empty)\n"
                + "1547164801.223456\tCx2\tfe80::1\t53\tudp\t-\t-\t-\tF\tCa,Cb\n"
                + "#close\t2019-01-11-01-00-00\n";
        try (TableReader reader = open(utf8(log), ReadOptions.detect(), "conn.log")) {
            assertThat(reader.detected().format()).isEqualTo(DataFormat.ZEEK);
            assertThat(reader.columnNames()).containsExactly("ts", "uid", "id.orig_h", "id.resp_p", "proto", "service",
                    "duration", "orig_bytes", "local_orig", "tunnel_parents");
            assertThat(reader.declaredTypes()).containsExactly(
                    Map.entry("ts", ColumnType.NUMERIC),
                    Map.entry("id.resp_p", ColumnType.INTEGER),
                    Map.entry("duration", ColumnType.NUMERIC),
                    Map.entry("orig_bytes", ColumnType.INTEGER),
                    Map.entry("local_orig", ColumnType.BOOLEAN));
            List<String[]> rows = readAll(reader);
            assertThat(rows).containsExactly(
                    new String[] {"1547164800.123456", "Cx1", "10.0.0.1", "80", "tcp", "http", "0.5", "100", "true", null},
                    new String[] {"1547164801.223456", "Cx2", "fe80::1", "53", "udp", null, null, null, "false", "Ca,Cb"});
        }
    }

    @Test
    void profilingUsesTheDeclaredTypes() throws IOException {
        String log = HEADER + "1547164800.5\tCx1\t10.0.0.1\t80\ttcp\thttp\t0.5\t100\tT\t(empty)\n";
        DatasetProfile profile = DatasetProfiler.profile(open(utf8(log), ReadOptions.detect(), null), null);
        Map<String, ColumnType> types = new java.util.LinkedHashMap<>();
        profile.columnProfiles().forEach(c -> types.put(c.name(), c.type()));
        assertThat(types).containsEntry("ts", ColumnType.NUMERIC).containsEntry("id.resp_p", ColumnType.INTEGER)
                .containsEntry("local_orig", ColumnType.BOOLEAN);
    }

    @Test
    void escapedBytesAreDecodedAndRotatedLogsContinue() throws IOException {
        String log = HEADER
                + "1.0\tCx1\t10.0.0.1\t80\ttcp\ta\\x09b \\xe2\\x80\\x93 c\t0.5\t1\tT\t-\n"
                + "#close\t2019-01-11-01-00-00\n"
                + HEADER
                + "2.0\tCx2\t10.0.0.2\t443\ttcp\tssl\t1.5\t2\tF\t-\n";
        List<String[]> rows = readAll(open(gzip(utf8(log)), ReadOptions.detect(), "conn.log.gz"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)[5]).isEqualTo("a\tb \u2013 c");
        assertThat(rows.get(1)[3]).isEqualTo("443");
    }

    @Test
    void detectedFormatReReadsTheSameRows() throws IOException {
        byte[] log = utf8(HEADER + "1.0\tCx1\t10.0.0.1\t80\ttcp\thttp\t0.5\t1\tT\t-\n");
        DetectedFormat detected;
        try (TableReader reader = open(log, ReadOptions.detect(), null)) {
            detected = reader.detected();
        }
        try (TableReader again = open(log, detected.toReadOptions(), null)) {
            assertThat(again.detected()).isEqualTo(detected);
            assertThat(readAll(again)).hasSize(1);
        }
        assertThat(DataFormat.fromName("bro")).contains(DataFormat.ZEEK);
    }

    @Test
    void badLogsNameTheLine() {
        assertReadFails(utf8(HEADER + "1.0\tCx1\t10.0.0.1\n"), ReadOptions.detect(), null)
                .hasMessage("line 9 has 3 fields, the #fields line names 10");
        assertReadFails(utf8(HEADER + "soon\tCx1\t10.0.0.1\t80\ttcp\thttp\t0.5\t1\tT\t-\n"), ReadOptions.detect(), null)
                .hasMessage("line 9: 'soon' is not a number in field 'ts'");
        assertReadFails(utf8(HEADER + "1.0\tCx1\t10.0.0.1\t80\ttcp\thttp\t0.5\t1\tyes\t-\n"), ReadOptions.detect(), null)
                .hasMessageContaining("not a Zeek bool");
        String other = HEADER.replace("\tduration", "\tlength");
        assertReadFails(utf8(HEADER + "1.0\tCx1\t10.0.0.1\t80\ttcp\thttp\t0.5\t1\tT\t-\n" + other), ReadOptions.detect(), null)
                .hasMessageContaining("other fields than the first one");
        assertReadFails(utf8("#separator \\x09\n#path\tconn\n1\t2\n"), ReadOptions.detect(), null)
                .hasMessage("the Zeek log has no #fields line");
    }
}
