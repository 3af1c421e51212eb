package io.vigil.engine.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vigil.engine.ModelJson;
import io.vigil.engine.algorithms.Provenance;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.data.Cells;
import io.vigil.engine.data.ColumnType;
import io.vigil.engine.features.FeatureEncoder;
import io.vigil.engine.features.InputField;
import io.vigil.engine.features.NumericEncoder;
import io.vigil.engine.features.OrdinalEncoder;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.table.ColumnKind;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.OnnxMl.ModelProto;

/**
 * An ONNX file trained elsewhere made into a {@link TrainedModel}: parsed with ONNX's protobuf
 * definitions and checked ({@link OnnxGraphChecks}: standard operators, no external data), loaded
 * by ONNX Runtime from the bytes (never from a path), its inputs and outputs as the runtime reads
 * them checked against the {@link OnnxBinding}, and tried on one record of missing values. Every
 * refusal is an {@link InvalidOnnxException} that says what to change.
 */
public final class OnnxImport {
    private static final Set<OnnxJavaType> NUMBERS = Set.of(OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE, OnnxJavaType.INT64);

    private OnnxImport() {
    }

    /** A model imported and ready: its pipeline reads the binding's columns, {@code target} names the label for evaluation. */
    public record Imported(Pipeline pipeline, OnnxModel model, OnnxBinding binding, String sha256, String producer) {}

    /**
     * The graph as a trained model of algorithm {@code onnx}, with provenance saying it was
     * imported: its {@code dataSha256} is the file's SHA-256.
     */
    public static TrainedModel load(byte[] onnx, OnnxBinding binding, String target, Instant importedAt) {
        Imported imported = model(onnx, binding);
        Pipeline pipeline = new Pipeline(imported.pipeline().inputs(), imported.pipeline().encoders(), target, imported.model().classes(),
                List.of());
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("onnxruntime", runtimeVersion());
        if (!imported.producer().isBlank()) libraries.put("producer", imported.producer());
        Provenance provenance = new Provenance(OnnxAlgorithms.NAME, Map.of(), imported.sha256(), 0, 0, libraries, importedAt.toString(), 0);
        return new TrainedModel(pipeline, imported.model(), provenance, Map.of());
    }

    /** Checks and loads the graph with its binding, completed (category values, output, classes). */
    static Imported model(byte[] onnx, OnnxBinding binding) {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(onnx);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidOnnxException("the file is not an ONNX model (it does not parse as ONNX's ModelProto)", e);
        }
        OnnxGraphChecks.check(proto);
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // one thread a run: Vigil scores a batch's rows on every core already, and a single record gains nothing from a pool
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = OrtEnvironment.getEnvironment().createSession(onnx, options);
        } catch (OrtException e) {
            throw new InvalidOnnxException("ONNX Runtime cannot load the graph: " + e.getMessage(), e);
        }
        try {
            return bind(proto, onnx, session, binding);
        } catch (RuntimeException | OrtException e) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // refusing it anyway
            }
            if (e instanceof InvalidOnnxException i) throw i;
            throw new InvalidOnnxException("the graph cannot be served: " + e.getMessage(), e);
        }
    }

    private static Imported bind(ModelProto proto, byte[] onnx, OrtSession session, OnnxBinding binding) throws OrtException {
        Map<String, NodeInfo> graphInputs = session.getInputInfo();
        List<OnnxBinding.Input> inputs = binding.inputs();
        if (inputs.isEmpty()) throw new InvalidOnnxException("describe the graph's inputs: its inputs are " + describe(graphInputs));
        Set<String> columns = new HashSet<>();
        Map<String, List<Integer>> byTensor = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            OnnxBinding.Input in = inputs.get(i);
            if (in.column() == null || in.column().isBlank() || !columns.add(in.column())) {
                throw new InvalidOnnxException("inputs[" + i + "].column must name a field once; got '" + in.column() + "'");
            }
            if (!OnnxBinding.Input.NUMERIC.equals(in.type()) && !in.isCategory()) {
                throw new InvalidOnnxException("inputs[" + i + "].type must be numeric or category; got '" + in.type() + "'");
            }
            if (!graphInputs.containsKey(in.tensorName())) {
                throw new InvalidOnnxException("inputs[" + i + "] goes to '" + in.tensorName() + "', which the graph lacks; its inputs are "
                        + describe(graphInputs));
            }
            byTensor.computeIfAbsent(in.tensorName(), k -> new ArrayList<>()).add(i);
        }
        for (String name : graphInputs.keySet()) {
            if (!byTensor.containsKey(name)) {
                throw new InvalidOnnxException("the graph's input '" + name + "' (" + describe(graphInputs.get(name)) + ") has no column; describe it");
            }
        }
        Map<String, List<String>> graphValues = OnnxGraphChecks.categoryValues(proto.getGraph(), byTensor.keySet());
        List<OnnxModel.Feed> feeds = new ArrayList<>();
        List<List<String>> valuesByColumn = new ArrayList<>(java.util.Collections.nCopies(inputs.size(), null));
        for (Map.Entry<String, List<Integer>> e : byTensor.entrySet()) {
            feeds.add(feed(e.getKey(), graphInputs.get(e.getKey()), e.getValue(), inputs, graphValues, valuesByColumn));
        }
        List<String> classes = classes(proto, binding);
        String output = output(session, binding, classes.size());
        List<InputField> fields = new ArrayList<>();
        List<FeatureEncoder> encoders = new ArrayList<>();
        List<OnnxBinding.Input> completed = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            OnnxBinding.Input in = inputs.get(i);
            List<String> values = valuesByColumn.get(i);
            completed.add(new OnnxBinding.Input(in.column(), in.tensorName(), in.type(), values));
            if (in.isCategory()) {
                fields.add(new InputField(in.column(), ColumnKind.CATEGORICAL, true, ColumnType.CATEGORICAL));
                encoders.add(new OrdinalEncoder(in.column(), values, -1f, -2f));
            } else {
                fields.add(new InputField(in.column(), ColumnKind.NUMERIC, true, ColumnType.NUMERIC));
                encoders.add(new NumericEncoder(in.column(), Double.NaN, 0, 1));
            }
        }
        OnnxBinding bound = new OnnxBinding(completed, classes, output);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(OnnxAlgorithms.GRAPH_FILE, onnx);
        try {
            files.put(OnnxAlgorithms.BINDING_FILE, ModelJson.MAPPER.writeValueAsBytes(bound));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        OnnxModel model = new OnnxModel(session, feeds, output, classes, inputs.size(), files);
        Pipeline pipeline = new Pipeline(fields, encoders, null, classes, List.of());
        try {
            model.predict(pipeline.encode(Map.of())); // a record of missing values: the graph must answer it
        } catch (RuntimeException e) {
            throw new InvalidOnnxException("the graph fails on a record of missing values (" + e.getMessage() + ")", e);
        }
        String producer = (proto.getProducerName() + " " + proto.getProducerVersion()).strip();
        return new Imported(pipeline, model, bound, sha256(onnx), producer);
    }

    private static OnnxModel.Feed feed(String tensor, NodeInfo node, List<Integer> columns, List<OnnxBinding.Input> inputs,
                                       Map<String, List<String>> graphValues, List<List<String>> valuesByColumn) {
        if (!(node.getInfo() instanceof TensorInfo info)) {
            throw new InvalidOnnxException("the graph's input '" + tensor + "' is " + node.getInfo() + ", not a tensor");
        }
        long[] shape = info.getShape();
        int width = columns.size();
        if (shape.length == 1 ? width != 1 : shape.length != 2 || shape[1] >= 0 && shape[1] != width) {
            throw new InvalidOnnxException("the graph's input '" + tensor + "' has the shape " + java.util.Arrays.toString(shape) + ", but "
                    + width + " column(s) go to it: [N], [N, 1] or [N, columns] fit");
        }
        boolean strings = info.type == OnnxJavaType.STRING;
        if (!strings && !NUMBERS.contains(info.type)) {
            throw new InvalidOnnxException("the graph's input '" + tensor + "' holds " + info.type + ": float, double, int64 or string inputs are served");
        }
        List<List<String>> values = new ArrayList<>();
        int[] features = new int[width];
        for (int j = 0; j < width; j++) {
            int c = columns.get(j);
            OnnxBinding.Input in = inputs.get(c);
            features[j] = c;
            if (in.isCategory() != strings) {
                throw new InvalidOnnxException("column '" + in.column() + "' is " + in.type() + ", but the graph's input '" + tensor + "' holds "
                        + info.type + (strings ? ": describe it as category" : ": describe it as numeric"));
            }
            if (strings) {
                List<String> known = in.values() != null ? in.values() : graphValues.get(tensor);
                if (known == null) {
                    throw new InvalidOnnxException("the values of category '" + in.column() + "' cannot be read from the graph (its input '"
                            + tensor + "' feeds an operator other than an encoder): list them in the description's values");
                }
                known = known.stream().filter(v -> !Cells.isMissing(v)).distinct().toList();
                values.add(known);
                valuesByColumn.set(c, known);
            } else {
                values.add(null);
            }
        }
        long[] rowShape = shape.length == 1 ? new long[] {1} : new long[] {1, width};
        return new OnnxModel.Feed(tensor, info.type, rowShape, shape[0] < 0, features, values);
    }

    private static List<String> classes(ModelProto proto, OnnxBinding binding) {
        List<String> classes = binding.classes();
        if (classes == null) {
            String json = proto.getMetadataPropsList().stream().filter(p -> p.getKey().equals(OnnxExport.CLASSES)).map(p -> p.getValue())
                    .findFirst().orElse(null);
            if (json == null) throw new InvalidOnnxException("name the classes (in the order of the probabilities' columns): the graph does not");
            try {
                classes = List.of(ModelJson.MAPPER.readValue(json, String[].class));
            } catch (java.io.IOException e) {
                throw new InvalidOnnxException("the graph's " + OnnxExport.CLASSES + " metadata is not a JSON array of names; name the classes");
            }
        }
        if (classes.size() < 2 || new HashSet<>(classes).size() != classes.size() || classes.stream().anyMatch(c -> c == null || c.isBlank())) {
            throw new InvalidOnnxException("classes must be two or more distinct names; got " + classes);
        }
        return classes;
    }

    private static String output(OrtSession session, OnnxBinding binding, int classes) throws OrtException {
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        String name = binding.output();
        if (name == null) {
            name = outputs.containsKey(OnnxExport.PROBABILITIES) ? OnnxExport.PROBABILITIES
                    : outputs.values().stream().filter(o -> fits(o, classes)).map(NodeInfo::getName).findFirst()
                            .orElseThrow(() -> new InvalidOnnxException("no output of the graph is a tensor of probabilities [N, " + classes
                                    + "] (its outputs are " + describe(outputs) + "; a scikit-learn classifier converted with ZipMap "
                                    + "answers maps: convert it with zipmap=False)"));
        }
        NodeInfo out = outputs.get(name);
        if (out == null) throw new InvalidOnnxException("the graph has no output '" + name + "'; its outputs are " + describe(outputs));
        if (!fits(out, classes)) {
            throw new InvalidOnnxException("the output '" + name + "' is " + describe(out) + ", not probabilities [N, " + classes + "] of float or double");
        }
        return name;
    }

    private static boolean fits(NodeInfo node, int classes) {
        return node.getInfo() instanceof TensorInfo t && (t.type == OnnxJavaType.FLOAT || t.type == OnnxJavaType.DOUBLE)
                && t.getShape().length == 2 && (t.getShape()[1] < 0 || t.getShape()[1] == classes);
    }

    private static String describe(Map<String, NodeInfo> nodes) {
        List<String> out = new ArrayList<>();
        nodes.forEach((name, node) -> out.add(name + " " + describe(node)));
        return out.toString();
    }

    private static String describe(NodeInfo node) {
        return node.getInfo() instanceof TensorInfo t ? t.type + java.util.Arrays.toString(t.getShape()) : String.valueOf(node.getInfo());
    }

    static String runtimeVersion() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
