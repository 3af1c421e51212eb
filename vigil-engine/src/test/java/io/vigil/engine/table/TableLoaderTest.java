package io.vigil.engine.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.engine.ModelJson;
import io.vigil.engine.data.ColumnType;
import io.vigil.engine.data.ReadOptions;
import io.vigil.engine.data.TableReader;
import io.vigil.engine.features.InputField;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.features.PipelineSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableLoaderTest {

    static TableReader reader(String text, String name) throws Exception {
        return TableReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), ReadOptions.detect(), name);
    }

    @Test
    void readsArffWithDeclaredTypes() throws Exception {
        String arff = """
                @relation flows
                @attribute bytes numeric
                @attribute proto {tcp,udp}
                @attribute class {normal,anomaly}
                @data
                10,tcp,normal
                ?,udp,anomaly
                """;
        try (TableReader r = reader(arff, "flows.arff")) {
            Table t = TableLoader.read(r, r.declaredTypes());
            assertThat(t.rowCount()).isEqualTo(2);
            assertThat(t.numeric("bytes").get(0)).isEqualTo(10.0);
            assertThat(t.numeric("bytes").isMissing(1)).isTrue();
            assertThat(t.categorical("class").dictionary()).containsExactly("normal", "anomaly");
        }
    }

    @Test
    void convertsBooleansAndTimestampsToNumbers() throws Exception {
        String csv = "ts,ok,host\n2024-01-01T00:00:10Z,true,a\n2024-01-01 00:01:00,no,b\n,,\n";
        try (TableReader r = reader(csv, "x.csv")) {
            Table t = TableLoader.read(r, Map.of("ts", ColumnType.TIMESTAMP, "ok", ColumnType.BOOLEAN, "host", ColumnType.CATEGORICAL));
            assertThat(t.numeric("ts").get(0)).isEqualTo(1704067210.0);
            assertThat(t.numeric("ts").get(1)).isEqualTo(1704067260.0);
            assertThat(t.numeric("ok").values()).startsWith(1.0, 0.0);
            assertThat(t.numeric("ok").isMissing(2)).isTrue();
            assertThat(t.categorical("host").isMissing(2)).isTrue();

            // a prediction's record with the same cells encodes as the training row did
            Pipeline p = Pipeline.fit(t, PipelineSpec.forTrees(null));
            assertThat(p.encode(Map.of("ts", "2024-01-01 00:01:00", "ok", "no", "host", "b")))
                    .containsExactly(p.transform(t).row(1));
            assertThat(p.encode(Map.of("ts", "2024-01-01T00:00:10Z", "ok", "yes", "host", "a")))
                    .containsExactly(p.transform(t).row(0));
        }
    }

    @Test
    void theExpectedRowCountSizesTheTableButNeverChangesIt() throws Exception {
        String csv = "n,c\n1,a\n2,b\n,a\n4,\n5,c\n";
        Map<String, ColumnType> types = Map.of("n", ColumnType.INTEGER, "c", ColumnType.CATEGORICAL);
        for (int expected : new int[] {0, 1, 5, 100}) { // too few, exact (arrays handed over), too many
            try (TableReader r = reader(csv, "x.csv")) {
                Table t = TableLoader.read(r, types, expected);
                assertThat(t.rowCount()).as("expected %d", expected).isEqualTo(5);
                assertThat(t.numeric("n").values()).hasSize(5).startsWith(1.0, 2.0).endsWith(4.0, 5.0);
                assertThat(t.numeric("n").isMissing(2)).isTrue();
                assertThat(t.categorical("c").codes()).containsExactly(0, 1, 0, CategoricalColumn.MISSING, 2);
            }
        }
    }

    @Test
    void columnsAndModelInputsKeepTheTypeTheirValuesWereReadAs() throws Exception {
        String csv = "ts,ok,port,bytes,host\n2024-01-01T00:00:10Z,true,443,1.5,a\n2024-01-01 00:01:00,no,80,2.5,b\n";
        Map<String, ColumnType> types = Map.of("ts", ColumnType.TIMESTAMP, "ok", ColumnType.BOOLEAN, "port", ColumnType.INTEGER,
                "bytes", ColumnType.NUMERIC, "host", ColumnType.CATEGORICAL);
        try (TableReader r = reader(csv, "x.csv")) {
            Table t = TableLoader.read(r, types);
            assertThat(t.columns()).extracting(Column::type).containsExactly(ColumnType.TIMESTAMP, ColumnType.BOOLEAN,
                    ColumnType.INTEGER, ColumnType.NUMERIC, ColumnType.CATEGORICAL);
            assertThat(t.select(new int[] {1}).numeric("ok").type()).isEqualTo(ColumnType.BOOLEAN); // a training split keeps it

            Pipeline p = Pipeline.fit(t, PipelineSpec.forTrees(null));
            assertThat(p.inputs()).extracting(InputField::valueType).containsExactly(ColumnType.TIMESTAMP, ColumnType.BOOLEAN,
                    ColumnType.INTEGER, ColumnType.NUMERIC, ColumnType.CATEGORICAL);
            // the bundle keeps it; a bundle written before types were kept reads its kinds as NUMERIC and CATEGORICAL
            var json = ModelJson.MAPPER;
            assertThat(json.readValue(json.writeValueAsBytes(p), Pipeline.class).inputs()).isEqualTo(p.inputs());
            var old = (ObjectNode) json.valueToTree(p);
            old.withArray("inputs").forEach(input -> ((ObjectNode) input).remove("type"));
            assertThat(json.treeToValue(old, Pipeline.class).inputs()).extracting(InputField::valueType).containsExactly(
                    ColumnType.NUMERIC, ColumnType.NUMERIC, ColumnType.NUMERIC, ColumnType.NUMERIC, ColumnType.CATEGORICAL);
        }
    }
}
