package io.vigil.engine.onnx;

import static io.vigil.engine.onnx.GraphBuilder.attr;
import static io.vigil.engine.onnx.GraphBuilder.intsAttr;
import static io.vigil.engine.onnx.GraphBuilder.stringsAttr;

import io.vigil.engine.ModelJson;
import io.vigil.engine.algorithms.EngineVersion;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.algorithms.TrainedModel;
import java.util.List;
import java.util.stream.LongStream;
import onnx.OnnxMl.ModelProto;
import onnx.OnnxMl.OperatorSetIdProto;
import onnx.OnnxMl.StringStringEntryProto;
import onnx.OnnxMl.TensorProto.DataType;

/**
 * A trained classifier with its fitted pipeline as one ONNX model that takes the raw columns
 * ({@link PipelineGraph}) and answers {@code label} ({@code [N]} strings: the most probable class)
 * and {@code probabilities} ({@code [N, classes]} doubles, in the order of the metadata's
 * {@value #CLASSES}), so it runs wherever ONNX runs. Opsets: ai.onnx {@value #OPSET}, ai.onnx.ml
 * {@value #ML_OPSET}. Detectors and models with window features have no faithful form and are
 * refused with the reason ({@link OnnxExportException}).
 */
public final class OnnxExport {
    public static final String LABEL = "label";
    public static final String PROBABILITIES = "probabilities";
    /** Metadata key: the class names as a JSON array, in the order of the probabilities' columns. */
    public static final String CLASSES = "vigil.classes";
    static final long OPSET = 17;
    static final long ML_OPSET = 3;
    static final long IR_VERSION = 8;

    private OnnxExport() {
    }

    /** The model as ONNX bytes. */
    public static byte[] toBytes(TrainedModel trained) {
        return model(trained).toByteArray();
    }

    static ModelProto model(TrainedModel trained) {
        if (trained.model().task() != Task.CLASSIFICATION) {
            throw new OnnxExportException("a " + trained.model().algorithm() + " detector has no faithful ONNX form: its anomaly "
                    + "threshold and path-length scoring are Vigil's own; export covers classifiers");
        }
        if (trained.windows() != null) {
            throw new OnnxExportException("the model reads per-entity window features, which are computed from each entity's "
                    + "earlier events inside Vigil: a graph of single records cannot compute them");
        }
        List<String> classes = trained.classes();
        GraphBuilder g = new GraphBuilder("vigil_" + trained.model().algorithm());
        String features = PipelineGraph.add(g, trained.pipeline());
        String probabilities = ModelGraph.add(g, trained.model(), features);
        g.named("Identity", "", List.of(probabilities), PROBABILITIES);
        String best = g.op("ArgMax", List.of(probabilities), attr("axis", 1L), attr("keepdims", 0L));
        g.named("LabelEncoder", GraphBuilder.ML, List.of(best), LABEL, intsAttr("keys_int64s", LongStream.range(0, classes.size()).toArray()),
                stringsAttr("values_strings", classes), attr("default_string", ""));
        g.output(LABEL, DataType.STRING, "the most probable class");
        g.output(PROBABILITIES, DataType.DOUBLE, "probability per class, in the order of " + CLASSES, (long) classes.size());
        String classesJson;
        try {
            classesJson = ModelJson.MAPPER.writeValueAsString(classes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("vigil")
                .setProducerVersion(EngineVersion.get())
                .setDocString(trained.model().algorithm() + " with its fitted pipeline, exported by Vigil")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(GraphBuilder.ML).setVersion(ML_OPSET))
                .addMetadataProps(StringStringEntryProto.newBuilder().setKey(CLASSES).setValue(classesJson))
                .addMetadataProps(StringStringEntryProto.newBuilder().setKey("vigil.algorithm").setValue(trained.model().algorithm()))
                .setGraph(g.build())
                .build();
    }
}
