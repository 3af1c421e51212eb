package io.vigil.engine.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.bundle.ModelBundle;
import io.vigil.engine.datasets.NslKdd;
import io.vigil.engine.features.FeatureEncoder;
import io.vigil.engine.features.NumericEncoder;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import onnx.OnnxMl.ModelProto;
import onnx.OnnxMl.OperatorSetIdProto;
import onnx.OnnxMl.TensorProto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Imported ONNX graphs: Vigil's own export comes back as a model that scores every KDDTest+ row as the
 * original does, a block of rows in one run as row by row, and survives a bundle; a graph built here with ONNX's protobuf definitions (two
 * columns sharing one {@code [N, 2]} input) is served; and what must not be served is refused with
 * the reason: bytes that are not ONNX, custom operators, external data, inputs that do not match.
 */
class OnnxImportTest {
    static Table train;
    static Table test;
    static TrainedModel gbm;
    static byte[] exported;

    @BeforeAll
    static void load() {
        train = NslKdd.load("KDDTrain+.txt", true).select(java.util.stream.IntStream.range(0, 20_000).toArray());
        test = NslKdd.load("KDDTest+.txt", true);
        gbm = OnnxExportTest.train("gbm", train, Map.of("rounds", 20, "max_depth", 5));
        exported = OnnxExport.toBytes(gbm);
    }

    static OnnxBinding bindingOf(TrainedModel model) {
        List<OnnxBinding.Input> inputs = new ArrayList<>();
        for (FeatureEncoder e : model.pipeline().encoders()) {
            inputs.add(new OnnxBinding.Input(e.column(), null, e instanceof NumericEncoder ? "numeric" : "category", null));
        }
        return new OnnxBinding(inputs, null, null);
    }

    @Test
    void aVigilExportComesBackScoringAsTheOriginal() throws Exception {
        TrainedModel imported = OnnxImport.load(exported, bindingOf(gbm), NslKdd.LABEL, Instant.parse("2026-12-05T00:00:00Z"));
        assertThat(imported.model().algorithm()).isEqualTo("onnx");
        assertThat(imported.classes()).isEqualTo(gbm.classes());
        assertThat(imported.provenance().dataSha256()).isEqualTo(OnnxImport.sha256(exported));
        // through a bundle and back, as the server stores it
        TrainedModel reloaded = ModelBundle.fromBytes(ModelBundle.toBytes(imported));
        double[] original = gbm.scores(test);
        reloaded.scores(test.select(new int[] {0, 1, 2})); // warm-up
        long scoring = System.nanoTime();
        double[] scored = reloaded.scores(test);
        scoring = System.nanoTime() - scoring;
        // the figure BENCHMARKS.md quotes ("ONNX export", imported graphs)
        System.out.printf("onnx import: %d rows scored through ONNX Runtime in blocks in %d ms%n", test.rowCount(), scoring / 1_000_000);
        double worst = 0;
        for (int r = 0; r < original.length; r++) worst = Math.max(worst, Math.abs(original[r] - scored[r]));
        assertThat(worst).as("largest score difference").isLessThanOrEqualTo(1e-6);
        // one row in a run answers what the same row answered in a block
        for (int r = 0; r < original.length; r += 997) {
            Map<String, Object> record = new java.util.HashMap<>();
            String[] cells = test.row(r);
            for (int c = 0; c < cells.length; c++) record.put(test.columnNames().get(c), cells[c]);
            assertThat(reloaded.predict(record).probabilities()[1]).as("row %d alone", r).isCloseTo(scored[r], org.assertj.core.data.Offset.offset(1e-12));
        }
        // an unseen service and a missing flag score as in Vigil's own model
        Map<String, Object> odd = new java.util.HashMap<>();
        for (String c : gbm.pipeline().inputNames()) odd.put(c, 1);
        odd.put("service", "never-seen");
        odd.put("flag", null);
        odd.put("protocol_type", "tcp");
        assertThat(reloaded.predict(odd).probabilities()[1]).isCloseTo(gbm.predict(odd).probabilities()[1], org.assertj.core.data.Offset.offset(1e-6));
    }

    /** p(attack) = sigmoid(0.5 * a - 0.25 * b + 0.1), from an [N, 2] float input. */
    static GraphBuilder smallGraph() {
        GraphBuilder g = new GraphBuilder("small");
        g.input("x", TensorProto.DataType.FLOAT, "a and b", 2);
        String m = g.op("Add", List.of(g.op("MatMul", List.of("x", g.floats("w", new float[] {0.5f, -0.25f}, 2, 1))), g.floats("b", new float[] {0.1f}, 1)));
        String p = g.op("Sigmoid", List.of(m));
        g.named("Concat", "", List.of(g.op("Sub", List.of(g.floats("one", new float[] {1f}), p)), p), "scores", GraphBuilder.attr("axis", 1L));
        g.output("scores", TensorProto.DataType.FLOAT, "probabilities", 2L);
        return g;
    }

    static OnnxBinding smallBinding() {
        return new OnnxBinding(List.of(new OnnxBinding.Input("a", "x", "numeric", null),
                new OnnxBinding.Input("b", "x", "numeric", null)), List.of("normal", "attack"), null);
    }

    @Test
    void aGraphBuiltElsewhereWithOneInputForTwoColumns() {
        TrainedModel model = OnnxImport.load(modelOf(smallGraph()).toByteArray(), smallBinding(), "label", Instant.EPOCH);
        double expected = 1 / (1 + Math.exp(-(0.5 * 2 - 0.25 * 4 + 0.1)));
        assertThat(model.predict(Map.of("a", 2, "b", 4)).probabilities()[1]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aGraphThatTakesOneRowARunScoresABatchRowByRow() {
        ModelProto.Builder fixed = modelOf(smallGraph()).toBuilder();
        for (var value : List.of(fixed.getGraphBuilder().getInputBuilder(0), fixed.getGraphBuilder().getOutputBuilder(0))) {
            value.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(0).clearDimParam().setDimValue(1);
        }
        TrainedModel model = OnnxImport.load(fixed.build().toByteArray(), smallBinding(), "label", Instant.EPOCH);
        Table rows = Table.fromRows(List.of(new String[] {"2", "4"}, new String[] {"0", "1"}, new String[] {"-3", "0.5"}).iterator(),
                List.of("a", "b"), List.of(ColumnKind.NUMERIC, ColumnKind.NUMERIC));
        double[] scores = model.scores(rows);
        double[][] ab = {{2, 4}, {0, 1}, {-3, 0.5}};
        for (int r = 0; r < 3; r++) {
            assertThat(scores[r]).as("row %d", r).isCloseTo(1 / (1 + Math.exp(-(0.5 * ab[r][0] - 0.25 * ab[r][1] + 0.1))), org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void whatCannotBeServedIsRefusedWithTheReason() {
        OnnxBinding binding = bindingOf(gbm);
        assertThatThrownBy(() -> OnnxImport.load("duration,service\n1,http\n".getBytes(), binding, "label", Instant.EPOCH))
                .isInstanceOf(InvalidOnnxException.class).hasMessageContaining("not an ONNX model");
        ModelProto model = parse(exported);
        ModelProto custom = model.toBuilder().addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.example.evil").setVersion(1)).build();
        assertThatThrownBy(() -> OnnxImport.load(custom.toByteArray(), binding, "label", Instant.EPOCH))
                .isInstanceOf(InvalidOnnxException.class).hasMessageContaining("com.example.evil");
        TensorProto first = model.getGraph().getInitializer(0);
        TensorProto external = first.toBuilder().clearRawData().setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(onnx.OnnxMl.StringStringEntryProto.newBuilder().setKey("location").setValue("/etc/passwd")).build();
        ModelProto outside = model.toBuilder().setGraph(model.getGraph().toBuilder().setInitializer(0, external)).build();
        assertThatThrownBy(() -> OnnxImport.load(outside.toByteArray(), binding, "label", Instant.EPOCH))
                .isInstanceOf(InvalidOnnxException.class).hasMessageContaining("outside the file");
        // a column the graph lacks, a graph input left out, a type that does not match
        List<OnnxBinding.Input> renamed = new ArrayList<>(binding.inputs());
        renamed.set(0, new OnnxBinding.Input("seconds", null, "numeric", null));
        assertThatThrownBy(() -> OnnxImport.load(exported, new OnnxBinding(renamed, null, null), "label", Instant.EPOCH))
                .isInstanceOf(InvalidOnnxException.class).hasMessageContaining("'seconds', which the graph lacks");
        List<OnnxBinding.Input> fewer = binding.inputs().subList(1, binding.inputs().size());
        assertThatThrownBy(() -> OnnxImport.load(exported, new OnnxBinding(fewer, null, null), "label", Instant.EPOCH))
                .isInstanceOf(InvalidOnnxException.class).hasMessageContaining("input 'duration'").hasMessageContaining("has no column");
        List<OnnxBinding.Input> retyped = new ArrayList<>(binding.inputs());
        retyped.set(0, new OnnxBinding.Input("duration", null, "category", null));
        assertThatThrownBy(() -> OnnxImport.load(exported, new OnnxBinding(retyped, null, null), "label", Instant.EPOCH))
                .isInstanceOf(InvalidOnnxException.class).hasMessageContaining("describe it as numeric");
    }

    static ModelProto modelOf(GraphBuilder g) {
        return ModelProto.newBuilder().setIrVersion(OnnxExport.IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxExport.OPSET)).setGraph(g.build()).build();
    }

    static ModelProto parse(byte[] bytes) {
        try {
            return ModelProto.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
