package io.vigil.engine.onnx;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.OnnxMl.AttributeProto;
import onnx.OnnxMl.GraphProto;
import onnx.OnnxMl.ModelProto;
import onnx.OnnxMl.NodeProto;
import onnx.OnnxMl.OperatorSetIdProto;
import onnx.OnnxMl.TensorProto;

/**
 * What an imported graph must be before ONNX Runtime sees it: operators of the standard domains
 * only (no custom operator, no local function that could stand for one), and every tensor inside
 * the file (a tensor with external data would make the runtime read a path from disk). Walks
 * subgraphs (If, Loop, Scan) too.
 */
final class OnnxGraphChecks {
    static final Set<String> DOMAINS = Set.of("", "ai.onnx", "ai.onnx.ml");

    private OnnxGraphChecks() {
    }

    static void check(ModelProto model) {
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0 || model.getGraph().getOutputCount() == 0) {
            throw new InvalidOnnxException("the file is not an ONNX model: it holds no graph with nodes and outputs");
        }
        for (OperatorSetIdProto opset : model.getOpsetImportList()) {
            if (!DOMAINS.contains(opset.getDomain())) {
                throw new InvalidOnnxException("the graph imports the operator domain '" + opset.getDomain()
                        + "': only the standard domains (ai.onnx, ai.onnx.ml) are served, never custom operators");
            }
        }
        if (model.getFunctionsCount() > 0) {
            throw new InvalidOnnxException("the graph defines local functions (" + model.getFunctions(0).getName()
                    + "...): only graphs of standard operators are served");
        }
        graph(model.getGraph());
    }

    private static void graph(GraphProto g) {
        for (TensorProto t : g.getInitializerList()) tensor(t);
        for (var sparse : g.getSparseInitializerList()) {
            tensor(sparse.getValues());
            tensor(sparse.getIndices());
        }
        for (NodeProto n : g.getNodeList()) {
            if (!DOMAINS.contains(n.getDomain())) {
                throw new InvalidOnnxException("node '" + n.getName() + "' is the custom operator " + n.getDomain() + "." + n.getOpType()
                        + ": only the standard domains (ai.onnx, ai.onnx.ml) are served");
            }
            for (AttributeProto a : n.getAttributeList()) {
                if (a.hasT()) tensor(a.getT());
                for (TensorProto t : a.getTensorsList()) tensor(t);
                if (a.hasG()) graph(a.getG());
                for (GraphProto sub : a.getGraphsList()) graph(sub);
            }
        }
    }

    private static void tensor(TensorProto t) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new InvalidOnnxException("tensor '" + t.getName() + "' keeps its data outside the file: send a graph with every "
                    + "tensor inside it (external data would be read from a path)");
        }
    }

    /**
     * The category values of each string input, read from the encoders that take it directly
     * ({@code LabelEncoder}'s keys, {@code OneHotEncoder}'s and {@code CategoryMapper}'s categories).
     * An input also read by another operator is absent: its values cannot be known from the graph.
     */
    static Map<String, List<String>> categoryValues(GraphProto g, Set<String> inputs) {
        Map<String, Set<String>> values = new HashMap<>();
        Set<String> unknown = new java.util.HashSet<>();
        for (NodeProto n : g.getNodeList()) {
            for (String in : n.getInputList()) {
                if (!inputs.contains(in)) continue;
                String attribute = switch (n.getOpType()) {
                    case "LabelEncoder" -> "keys_strings";
                    case "OneHotEncoder", "CategoryMapper" -> "cats_strings";
                    default -> null;
                };
                AttributeProto keys = attribute == null ? null
                        : n.getAttributeList().stream().filter(a -> a.getName().equals(attribute)).findFirst().orElse(null);
                if (keys == null || !isMl(n)) {
                    unknown.add(in);
                    continue;
                }
                Set<String> set = values.computeIfAbsent(in, k -> new LinkedHashSet<>());
                keys.getStringsList().forEach(s -> set.add(s.toStringUtf8()));
            }
        }
        Map<String, List<String>> out = new HashMap<>();
        values.forEach((k, v) -> {
            if (!unknown.contains(k)) out.put(k, List.copyOf(v));
        });
        return out;
    }

    private static boolean isMl(NodeProto n) {
        return n.getDomain().equals(GraphBuilder.ML);
    }
}
