package io.vigil.engine.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.engine.data.ColumnType;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineTest {
    // x: 1, 2, 3, missing, 6 -> mean 3, median 2.5; proto: tcp x3, udp x1, icmp x1
    static Table table() {
        return Table.fromRows(List.of(
                new String[] {"id1", "1", "tcp", "no"},
                new String[] {"id2", "2", "tcp", "yes"},
                new String[] {"id3", "3", "udp", "no"},
                new String[] {"id4", "", "tcp", "yes"},
                new String[] {"id5", "6", "icmp", "no"}).iterator(),
                List.of("id", "x", "proto", "y"),
                List.of(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC, ColumnKind.CATEGORICAL, ColumnKind.CATEGORICAL));
    }

    @Test
    void linearPipelineImputesScalesAndOneHotEncodes() {
        Pipeline p = Pipeline.fit(table(), PipelineSpec.forLinear("y").withDrop("id").withMaxOneHotValues(2));
        assertThat(p.inputNames()).containsExactly("x", "proto");
        assertThat(p.featureNames()).containsExactly("x", "proto=tcp", "proto=udp", "proto=__other__");
        assertThat(p.classes()).containsExactly("no", "yes");
        FeatureMatrix m = p.transform(table());
        double sd = Math.sqrt(((1 - 3) * (1 - 3) + 1 + 0 + 9) / 4.0); // population sd of 1,2,3,6
        assertThat(m.get(0, 0)).isCloseTo((float) ((1 - 3) / sd), within(1e-6f));
        assertThat(m.get(3, 0)).isEqualTo(0f); // missing -> mean -> 0 after centring
        assertThat(m.row(4)).containsExactly((float) (3 / sd), 0f, 0f, 1f); // icmp beyond the cap -> other
        assertThat(p.labels(table())).containsExactly(0, 1, 0, 1, 0);
    }

    @Test
    void inputsTheTrainingDataLackedSomewhereAreOptional() {
        Pipeline p = Pipeline.fit(table(), PipelineSpec.forTrees("y").withDrop("id"));
        assertThat(p.inputs()).containsExactly(new InputField("x", ColumnKind.NUMERIC, true, ColumnType.NUMERIC),
                new InputField("proto", ColumnKind.CATEGORICAL, false, ColumnType.CATEGORICAL));
    }

    @Test
    void recordEncodingMatchesTableEncoding() {
        Pipeline p = Pipeline.fit(table(), PipelineSpec.forLinear("y").withDrop("id").withScaling(Scaling.MIN_MAX));
        FeatureMatrix m = p.transform(table());
        float[] fromRecord = p.encode(Map.of("x", 2, "proto", "tcp", "id", "ignored", "y", "yes"));
        assertThat(fromRecord).containsExactly(m.row(1));
        assertThat(p.encodeRow(new String[] {"2", "tcp"})).containsExactly(m.row(1));
        assertThat(m.get(0, 0)).isEqualTo(0f);
        assertThat(m.get(4, 0)).isEqualTo(1f);
    }

    @Test
    void missingFieldsAndUnseenCategoriesHaveDefinedEncodings() {
        Pipeline linear = Pipeline.fit(table(), PipelineSpec.forLinear("y").withDrop("id").withScaling(Scaling.NONE)
                .withImputation(Imputation.MEDIAN));
        // absent field -> median 2.5; absent category -> most frequent (tcp)
        assertThat(linear.encode(Map.of())).containsExactly(2.5f, 1f, 0f, 0f, 0f);
        Map<String, Object> nulls = new HashMap<>();
        nulls.put("x", null);
        nulls.put("proto", " ");
        assertThat(linear.encode(nulls)).containsExactly(2.5f, 1f, 0f, 0f, 0f);
        // unseen category -> other bucket
        assertThat(linear.encode(Map.of("x", 1.0, "proto", "sctp"))).containsExactly(1f, 0f, 0f, 0f, 1f);

        Pipeline trees = Pipeline.fit(table(), PipelineSpec.forTrees("y").withDrop("id"));
        assertThat(trees.featureNames()).containsExactly("x", "proto");
        float[] missing = trees.encode(Map.of());
        assertThat(Float.isNaN(missing[0])).isTrue();      // native missing
        assertThat(Float.isNaN(missing[1])).isTrue();
        assertThat(trees.encode(Map.of("proto", "sctp"))[1]).isNaN(); // unseen -> missing for trees
        assertThat(trees.encode(Map.of("proto", "udp"))[1]).isEqualTo(1f); // codes by frequency: tcp 0, udp 1, icmp 2
    }

    @Test
    void recordsReadMissingValuesAndInfinitiesAsUploadedTablesDo() {
        Pipeline trees = Pipeline.fit(table(), PipelineSpec.forTrees("y").withDrop("id"));
        for (Object missing : new Object[] {"Infinity", "-inf", "NaN", "N/A", " ? ", Double.POSITIVE_INFINITY, Double.NaN}) {
            assertThat(trees.encode(Map.of("x", missing, "proto", "tcp"))[0]).as("x = %s", missing).isNaN();
        }
        assertThat(trees.encode(Map.of("x", 1, "proto", "N/A"))[1]).isNaN();
        assertThat(trees.encode(Map.of("x", 1, "proto", Double.NaN))[1]).isNaN();
        // a double beyond float range saturates instead of becoming an infinity XGBoost would refuse
        assertThat(trees.encode(Map.of("x", 1e39, "proto", "tcp"))[0]).isEqualTo(Float.MAX_VALUE);
        assertThat(trees.encode(Map.of("x", "-1e39", "proto", "tcp"))[0]).isEqualTo(-Float.MAX_VALUE);
    }

    @Test
    void knowsTheLabelAndDroppedColumnsARecordMayCarry() throws Exception {
        Pipeline p = Pipeline.fit(table(), PipelineSpec.forTrees("y").withDrop("id"));
        assertThat(p.isLeftOut("id")).isTrue();
        assertThat(p.isLeftOut("y")).isTrue();
        assertThat(p.isLeftOut("x")).isFalse();
        assertThat(p.isLeftOut("colour")).isFalse();
        var json = io.vigil.engine.ModelJson.MAPPER;
        assertThat(json.readValue(json.writeValueAsBytes(p), Pipeline.class).dropped()).containsExactly("id");
        // a pipeline saved before the dropped columns were kept reads with none
        var old = (com.fasterxml.jackson.databind.node.ObjectNode) json.valueToTree(p);
        old.remove("dropped");
        assertThat(json.treeToValue(old, Pipeline.class).dropped()).isEmpty();
    }

    @Test
    void forDetectorsAnUnseenCategoryStandsOutWhileAMissingOneIsFilledIn() {
        // proto by frequency: tcp 0, udp 1, icmp 2
        Pipeline detector = Pipeline.fit(table(), PipelineSpec.forDetectors(null).withDrop("id", "y"));
        assertThat(detector.encode(Map.of("x", 1, "proto", "sctp"))[1]).isEqualTo(3f); // past every known code
        assertThat(detector.encode(Map.of("x", 1))[1]).isEqualTo(0f);                    // missing: the most frequent
        assertThat(detector.encode(Map.of("x", 1, "proto", "udp"))[1]).isEqualTo(1f);
        // the table path agrees with the record path
        Table live = Table.fromRows(List.<String[]>of(new String[] {"1", "sctp"}, new String[] {"2", ""}).iterator(),
                List.of("x", "proto"), List.of(ColumnKind.NUMERIC, ColumnKind.CATEGORICAL));
        assertThat(detector.transform(live).row(0)[1]).isEqualTo(3f);
        assertThat(detector.transform(live).row(1)[1]).isEqualTo(0f);
        // the bundle's JSON keeps it; an encoder saved before unseenCode existed reads unseen values as missing
        var json = io.vigil.engine.ModelJson.MAPPER;
        try {
            assertThat(json.readValue(json.writeValueAsBytes(detector), Pipeline.class)).isEqualTo(detector);
            var old = (com.fasterxml.jackson.databind.node.ObjectNode) json.valueToTree(detector.encoders().get(1));
            assertThat(old.get("values").size()).isEqualTo(3);
            old.remove("unseenCode");
            FeatureEncoder before = json.treeToValue(old, FeatureEncoder.class);
            float[] out = new float[1];
            before.encodeValue("sctp", out, 0);
            assertThat(out[0]).isEqualTo(0f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // trees keep reading both as missing, for their learned default direction
        Pipeline trees = Pipeline.fit(table(), PipelineSpec.forTrees("y").withDrop("id"));
        assertThat(trees.encode(Map.of("x", 1, "proto", "sctp"))[1]).isNaN();
    }

    @Test
    void emptyColumnsAndIdentifierLikeCategoriesAreLeftOutButMayBeSent() {
        List<String[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            // flow: unique per row; host: 150 values over 400 rows (kept: under half the rows)
            rows.add(new String[] {"flow-" + i, "host-" + (i % 150), Integer.toString(i % 9), "", i % 2 == 0 ? "a" : "b"});
        }
        List<String> names = List.of("flow", "host", "x", "blank", "y");
        Table t = Table.fromRows(rows.iterator(), names, List.of(ColumnKind.CATEGORICAL, ColumnKind.CATEGORICAL,
                ColumnKind.NUMERIC, ColumnKind.CATEGORICAL, ColumnKind.CATEGORICAL));
        Pipeline p = Pipeline.fit(t, PipelineSpec.forTrees("y"));
        assertThat(p.inputNames()).containsExactly("host", "x");
        assertThat(p.dropped()).containsExactly("blank", "flow");
        assertThat(p.isLeftOut("flow")).isTrue();
        assertThat(p.encode(Map.of("flow", "flow-9999", "host", "host-3", "x", 3))).hasSize(p.featureCount());
        // the same 101 distinct values are not an identifier over enough rows
        List<String[]> repeated = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) repeated.add(new String[] {"v" + (i % 101), i % 2 == 0 ? "a" : "b"});
        Table r = Table.fromRows(repeated.iterator(), List.of("v", "y"), List.of(ColumnKind.CATEGORICAL, ColumnKind.CATEGORICAL));
        assertThat(Pipeline.fit(r, PipelineSpec.forTrees("y")).inputNames()).containsExactly("v");
        // a row number (1..n, every fifth row held out as a split would) is left out; sparse unique numbers are kept
        List<String[]> numbered = new java.util.ArrayList<>();
        for (int i = 1; i <= 400; i++) {
            if (i % 5 != 0) numbered.add(new String[] {Integer.toString(i), Integer.toString(i * 7), Integer.toString(i % 13), i % 2 == 0 ? "a" : "b"});
        }
        Table n = Table.fromRows(numbered.iterator(), List.of("id", "sparse", "x", "y"),
                List.of(ColumnKind.NUMERIC, ColumnKind.NUMERIC, ColumnKind.NUMERIC, ColumnKind.CATEGORICAL));
        Pipeline byNumber = Pipeline.fit(n, PipelineSpec.forTrees("y"));
        assertThat(byNumber.inputNames()).containsExactly("sparse", "x");
        assertThat(byNumber.dropped()).containsExactly("id");
        Table onlyIds = t.select(java.util.stream.IntStream.range(0, 400).toArray());
        assertThatThrownBy(() -> Pipeline.fit(onlyIds, PipelineSpec.forTrees("y").withDrop("host", "x")))
                .hasMessageContaining("no feature columns left").hasMessageContaining("identifier-like");
    }

    @Test
    void aMeasurementChosenAsTargetIsRefusedBeforeTraining() {
        List<String[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) rows.add(new String[] {Integer.toString(i % 7), Double.toString(i * 1.5)});
        Table t = Table.fromRows(rows.iterator(), List.of("x", "amount"), List.of(ColumnKind.NUMERIC, ColumnKind.CATEGORICAL));
        assertThatThrownBy(() -> Pipeline.fit(t, PipelineSpec.forTrees("amount"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'amount' has 500 distinct values").hasMessageContaining("at most 200 classes");
    }

    @Test
    void mostFrequentImputationAndOrdinalWithImputation() {
        Pipeline p = Pipeline.fit(table(), PipelineSpec.forTrees("y").withDrop("id").withImputation(Imputation.MOST_FREQUENT));
        assertThat(p.encode(Map.of())).containsExactly(1f, 0f); // tie -> smallest value; ordinal unknown -> tcp
    }

    @Test
    void textInNumericFieldIsRejectedNamingTheField() {
        Pipeline p = Pipeline.fit(table(), PipelineSpec.forTrees("y").withDrop("id"));
        assertThatThrownBy(() -> p.encode(Map.of("x", "lots"))).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("'x'").hasMessageContaining("lots");
        assertThatThrownBy(() -> p.encodeRow(new String[] {"1"})).isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void positiveClassIsLastAndUnknownLabelsFail() {
        Pipeline p = Pipeline.fit(table(), PipelineSpec.forTrees("y").withDrop("id").withPositiveClass("no"));
        assertThat(p.classes()).containsExactly("yes", "no");
        assertThatThrownBy(() -> Pipeline.fit(table(), PipelineSpec.forTrees("y").withPositiveClass("maybe")))
                .hasMessageContaining("maybe");
        assertThatThrownBy(() -> Pipeline.fit(table(), PipelineSpec.forTrees("nope"))).hasMessageContaining("nope");
    }
}
