package io.vigil.engine.onnx;

import static io.vigil.engine.onnx.GraphBuilder.attr;
import static io.vigil.engine.onnx.GraphBuilder.doublesAttr;
import static io.vigil.engine.onnx.GraphBuilder.intsAttr;
import static io.vigil.engine.onnx.GraphBuilder.stringsAttr;

import io.vigil.engine.algorithms.Model;
import io.vigil.engine.classifiers.LinearModel;
import io.vigil.engine.classifiers.TreeEnsembleModel;
import io.vigil.engine.trees.FlatForest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import onnx.OnnxMl.TensorProto.DataType;

/**
 * A classifier over the feature tensor as ONNX operators, computing what its {@code margins} and
 * {@code probabilities} compute: tree ensembles as one {@code TreeEnsembleRegressor} (opset 3,
 * thresholds and leaves as double tensors, so a float feature compares with a float threshold as
 * the engine does and leaves sum in double), logistic regression and perceptrons as {@code MatMul}
 * in double; then the model's link. Returns the class probabilities {@code [N, classes]}, in double.
 */
final class ModelGraph {
    private static final long DOUBLE = DataType.DOUBLE.getNumber();

    private ModelGraph() {
    }

    static String add(GraphBuilder g, Model model, String features) {
        if (model instanceof TreeEnsembleModel t) {
            String margins = g.op("Cast", List.of(trees(g, t.forest(), features)), attr("to", DOUBLE));
            return t.link() == TreeEnsembleModel.Link.LOGISTIC ? logistic(g, margins, t.marginCount()) : averaged(g, margins, t.marginCount());
        }
        if (model instanceof LinearModel l) {
            double[] w = new double[l.featureCount() * l.marginCount()];
            double[] b = new double[l.marginCount()];
            for (int k = 0; k < b.length; k++) {
                b[k] = l.intercept(k);
                for (int f = 0; f < l.featureCount(); f++) w[f * b.length + k] = l.coefficient(k, f);
            }
            String x = zeroMissing(g, features);
            String m = g.op("Add", List.of(g.op("MatMul", List.of(x, g.doubles("weights", w, l.featureCount(), b.length))), g.doubles("intercept", b, b.length)));
            return logistic(g, m, b.length);
        }
        if (model instanceof DenseNetwork n) {
            return logistic(g, dense(g, n, zeroMissing(g, features)), model.marginCount());
        }
        throw new OnnxExportException("a " + model.algorithm() + " model has no ONNX form in Vigil: export covers gradient boosting, "
                + "random forests, logistic regression and the perceptron (mlp)");
    }

    /** A missing feature (NaN) contributes nothing to a linear model or a perceptron, as in theirs; then double. */
    private static String zeroMissing(GraphBuilder g, String features) {
        String zeroed = g.op("Where", List.of(g.op("IsNaN", List.of(features)), g.floats("zero", new float[] {0f}), features));
        return g.op("Cast", List.of(zeroed), attr("to", DOUBLE));
    }

    private static String dense(GraphBuilder g, DenseNetwork n, String x) {
        String a = x;
        int in = -1;
        for (int l = 0; l < n.layerCount(); l++) {
            float[] w = n.layerWeights(l);
            float[] b = n.layerBiases(l);
            int out = b.length;
            in = w.length / out;
            a = g.op("Add", List.of(g.op("MatMul", List.of(a, g.doubles("w" + l, widen(w), in, out))), g.doubles("b" + l, widen(b), out)));
            if (l < n.layerCount() - 1) a = activation(g, n.hiddenActivation(), a);
        }
        return a;
    }

    private static String activation(GraphBuilder g, String name, String a) {
        return switch (name) {
            case "relu" -> g.op("Relu", List.of(a));
            case "tanh" -> g.op("Tanh", List.of(a));
            case "sigmoid" -> g.op("Sigmoid", List.of(a));
            // DL4J's slope, written out so every runtime computes it in double
            case "leakyrelu" -> g.op("Where", List.of(g.op("Greater", List.of(a, g.doubles("zero", new double[] {0}))), a,
                    g.op("Mul", List.of(a, g.doubles("slope", new double[] {0.01})))));
            default -> throw new OnnxExportException("the activation '" + name + "' has no ONNX form in Vigil");
        };
    }

    /** One margin: {@code [1 - p, p]} with p its sigmoid; several: softmax (engine's {@code Links.apply}). */
    private static String logistic(GraphBuilder g, String margins, int count) {
        if (count > 1) return g.op("Softmax", List.of(margins), attr("axis", 1L));
        String p = g.op("Sigmoid", List.of(margins));
        return g.op("Concat", List.of(g.op("Sub", List.of(g.doubles("one", new double[] {1}), p)), p), attr("axis", 1L));
    }

    /** Margins that are averaged class probabilities: {@code [1 - m, m]}, or normalised to sum to one (uniform if all are zero). */
    private static String averaged(GraphBuilder g, String margins, int count) {
        if (count == 1) {
            return g.op("Concat", List.of(g.op("Sub", List.of(g.doubles("one", new double[] {1}), margins)), margins), attr("axis", 1L));
        }
        String sum = g.op("ReduceSum", List.of(margins, g.longs("axes", new long[] {1}, 1)), attr("keepdims", 1L));
        String zero = g.op("Equal", List.of(sum, g.doubles("zero", new double[] {0})));
        String normalised = g.op("Div", List.of(margins, g.op("Where", List.of(zero, g.doubles("one", new double[] {1}), sum))));
        double[] uniform = new double[count];
        Arrays.fill(uniform, 1.0 / count);
        return g.op("Where", List.of(zero, g.doubles("uniform", uniform, 1, count), normalised));
    }

    /**
     * The forest as a {@code TreeEnsembleRegressor}, one target per output group, its nodes
     * numbered per tree in visiting order: {@code x < threshold} is the true branch, and a missing
     * value follows the node's learned child.
     */
    private static String trees(GraphBuilder g, FlatForest forest, String features) {
        List<Long> treeIds = new ArrayList<>(), nodeIds = new ArrayList<>(), featureIds = new ArrayList<>(), trueIds = new ArrayList<>(),
                falseIds = new ArrayList<>(), missingTrue = new ArrayList<>(), leafTrees = new ArrayList<>(), leafNodes = new ArrayList<>(),
                leafTargets = new ArrayList<>();
        List<String> modes = new ArrayList<>();
        List<Double> thresholds = new ArrayList<>(), weights = new ArrayList<>();
        for (int t = 0; t < forest.treeCount(); t++) {
            // number the tree's nodes 0.. in the order they are reached
            java.util.Map<Integer, Long> local = new java.util.HashMap<>();
            List<Integer> order = new ArrayList<>();
            Deque<Integer> todo = new ArrayDeque<>(List.of(forest.root(t)));
            while (!todo.isEmpty()) {
                int n = todo.poll();
                local.put(n, (long) order.size());
                order.add(n);
                if (forest.feature(n) >= 0) {
                    todo.add(forest.left(n));
                    todo.add(forest.right(n));
                }
            }
            for (int n : order) {
                treeIds.add((long) t);
                nodeIds.add(local.get(n));
                if (forest.feature(n) < 0) {
                    modes.add("LEAF");
                    featureIds.add(0L);
                    thresholds.add(0.0);
                    trueIds.add(0L);
                    falseIds.add(0L);
                    missingTrue.add(0L);
                    leafTrees.add((long) t);
                    leafNodes.add(local.get(n));
                    leafTargets.add((long) forest.group(t));
                    weights.add(forest.value(n));
                } else {
                    int missing = forest.missingChild(n);
                    if (missing != forest.left(n) && missing != forest.right(n)) {
                        throw new OnnxExportException("tree " + t + " sends missing values to a third child, which ONNX cannot say");
                    }
                    modes.add("BRANCH_LT");
                    featureIds.add((long) forest.feature(n));
                    thresholds.add((double) forest.threshold(n));
                    trueIds.add(local.get(forest.left(n)));
                    falseIds.add(local.get(forest.right(n)));
                    missingTrue.add(missing == forest.left(n) ? 1L : 0L);
                }
            }
        }
        double[] base = new double[forest.outputCount()];
        for (int k = 0; k < base.length; k++) base[k] = forest.base(k);
        String x = g.op("Cast", List.of(features), attr("to", DOUBLE));
        return g.ml("TreeEnsembleRegressor", List.of(x),
                attr("n_targets", (long) forest.outputCount()), attr("aggregate_function", "SUM"), attr("post_transform", "NONE"),
                intsAttr("nodes_treeids", unbox(treeIds)), intsAttr("nodes_nodeids", unbox(nodeIds)), intsAttr("nodes_featureids", unbox(featureIds)),
                stringsAttr("nodes_modes", modes), doublesAttr("nodes_values_as_tensor", unboxed(thresholds)),
                intsAttr("nodes_truenodeids", unbox(trueIds)), intsAttr("nodes_falsenodeids", unbox(falseIds)),
                intsAttr("nodes_missing_value_tracks_true", unbox(missingTrue)),
                intsAttr("target_treeids", unbox(leafTrees)), intsAttr("target_nodeids", unbox(leafNodes)), intsAttr("target_ids", unbox(leafTargets)),
                doublesAttr("target_weights_as_tensor", unboxed(weights)), doublesAttr("base_values_as_tensor", base));
    }

    private static double[] widen(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i];
        return out;
    }

    private static long[] unbox(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static double[] unboxed(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
