package io.vigil.engine.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.engine.features.CategoryShapes.Shape;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CategoryShapesTest {

    @Test
    void datesAndTimesAsTextAreTold() {
        for (String v : List.of("3/7/2017 8:55", "03/07/2017 08:55:58", "7.3.2017", "2017/07/03 8:55 PM", "3-7-17 08:55:58.25")) {
            assertThat(CategoryShapes.has(Shape.DATE_TIME, v)).as(v).isTrue();
        }
        for (String v : List.of("tcp", "3/7", "2017", "1.5", "08:55:58", "192.168.10.5")) {
            assertThat(CategoryShapes.has(Shape.DATE_TIME, v)).as(v).isFalse();
        }
    }

    @Test
    void hostAddressesAreTold() {
        for (String v : List.of("192.168.10.5", "172.16.0.1", "fe80::1", "2001:db8:85a3::8a2e:370:7334",
                "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "00:1a:2b:3c:4d:5e")) {
            assertThat(CategoryShapes.has(Shape.HOST_ADDRESS, v)).as(v).isTrue();
        }
        for (String v : List.of("08:55:58", "tcp", "1.2.3", "SF", "3/7/2017 8:55", "a:b:c")) {
            assertThat(CategoryShapes.has(Shape.HOST_ADDRESS, v)).as(v).isFalse();
        }
    }

    @Test
    void aPipelineNamesItsDateAndAddressInputsWithAnExample() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            rows.add(new String[] {"10.0.0." + (i % 50), "3/7/2017 8:" + (10 + i % 40), i % 3 == 0 ? "udp" : "tcp",
                    Integer.toString(i % 7), i % 2 == 0 ? "BENIGN" : "DDoS"});
        }
        Table t = Table.fromRows(rows.iterator(), List.of("Src IP", "Timestamp", "proto", "port", "Label"),
                List.of(ColumnKind.CATEGORICAL, ColumnKind.CATEGORICAL, ColumnKind.CATEGORICAL, ColumnKind.NUMERIC, ColumnKind.CATEGORICAL));
        for (PipelineSpec spec : List.of(PipelineSpec.forTrees("Label"), PipelineSpec.forLinear("Label"))) {
            List<CategoryShapes.Hint> hints = CategoryShapes.of(Pipeline.fit(t, spec));
            assertThat(hints).extracting(CategoryShapes.Hint::input).containsExactly("Src IP", "Timestamp");
            assertThat(hints.get(0).shape()).isEqualTo(Shape.HOST_ADDRESS);
            assertThat(hints.get(0).example()).startsWith("10.0.0.");
            assertThat(hints.get(1).shape()).isEqualTo(Shape.DATE_TIME);
            assertThat(hints.get(1).example()).startsWith("3/7/2017 8:");
        }
    }
}
