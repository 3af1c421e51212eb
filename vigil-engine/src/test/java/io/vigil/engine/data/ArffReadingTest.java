package io.vigil.engine.data;

import static io.vigil.engine.data.Inputs.assertReadFails;
import static io.vigil.engine.data.Inputs.open;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ArffReadingTest {

    private static final String HEADER = "% a comment\n"
            + "@RELATION 'flows'\n"
            + "\n"
            + "@attribute 'src bytes' real\n"
            + "@attribute count integer\n"
            + "@attribute \"proto\" {'tcp', udp , 'icmp echo'}\n"
            + "@attribute note string\n"
            + "@attribute seen date \"yyyy-MM-dd HH:mm:ss\"\n"
            + "@attribute class {normal,anomaly}\n"
            + "@data\n";

    @Test
    void readsDeclaredAttributesAndDenseRows() throws IOException {
        String arff = HEADER
                + "491,2,tcp,'hello, world',\"2024-01-02 10:00:00\",normal\n"
                + "% comment between rows\n"
                + "\n"
                + "?, 3 , 'icmp echo', 'it\\'s', ?, anomaly % trailing comment\n";
        try (TableReader reader = open(arff)) {
            assertThat(reader.detected().format()).isEqualTo(DataFormat.ARFF);
            assertThat(reader.columnNames()).containsExactly("src bytes", "count", "proto", "note", "seen", "class");
            assertThat(reader.declaredTypes()).containsExactly(
                    java.util.Map.entry("src bytes", ColumnType.NUMERIC),
                    java.util.Map.entry("count", ColumnType.INTEGER),
                    java.util.Map.entry("proto", ColumnType.CATEGORICAL),
                    java.util.Map.entry("note", ColumnType.TEXT),
                    java.util.Map.entry("seen", ColumnType.TIMESTAMP),
                    java.util.Map.entry("class", ColumnType.CATEGORICAL));
            assertThat(reader.next()).containsExactly("491", "2", "tcp", "hello, world", "2024-01-02 10:00:00", "normal");
            assertThat(reader.line()).isEqualTo(11);
            assertThat(reader.next()).containsExactly(null, "3", "icmp echo", "it's", null, "anomaly");
            assertThat(reader.line()).isEqualTo(14);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void sparseRowsAreRejected() {
        assertReadFails(HEADER + "{0 5, 5 normal}\n")
                .hasMessage("line 11: sparse ARFF is not supported (convert the file to dense ARFF or CSV)");
    }

    @Test
    void valuesAreCheckedAgainstTheHeader() {
        assertReadFails(HEADER + "1,2,tcp,x,?,normal\n1,2,ftp,x,?,normal\n")
                .hasMessage("line 12: 'ftp' is not one of the declared values of attribute 'proto'");
        assertReadFails(HEADER + "abc,2,tcp,x,?,normal\n")
                .hasMessage("line 11: 'abc' is not a number (attribute 'src bytes')");
        assertReadFails(HEADER + "1,2,tcp,x,normal\n")
                .hasMessage("line 11 has 5 values, the ARFF header declares 6 attributes");
        assertReadFails(HEADER + "1,2,tcp,'open,?,normal\n").hasMessage("line 11: a quoted value is not closed");
    }

    @Test
    void headerProblems() {
        assertReadFails("@relation r\n@attribute a numeric\n@data\n% nothing\n")
                .hasMessage("the file has a header but no data rows");
        assertReadFails("@relation r\n@attribute a numeric\n").hasMessage("the ARFF header has no @data line");
        assertReadFails("@relation r\n@attribute a relational\n@data\n")
                .hasMessageContaining("relational ARFF attributes are not supported");
        assertReadFails("@relation r\n@attribute a blob\n@data\n1\n")
                .hasMessage("line 2: unknown type 'blob' for attribute 'a'");
    }
}
