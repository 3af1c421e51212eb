package io.vigil.spark;

import io.vigil.engine.classifiers.ConvertedForests;
import io.vigil.engine.classifiers.TreeEnsembleModel;
import io.vigil.engine.trees.FlatForest;
import java.util.List;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.ml.tree.Split;

/**
 * Spark MLlib's trained trees converted into the engine's {@link FlatForest}, so Vigil scores them
 * in pure Java exactly as Spark does.
 * <ul>
 * <li>A split: Spark sends {@code x <= t} (in double) left, the forest {@code x < threshold} (in float). Vigil's features
 *     are floats, so the threshold is the smallest float above {@code t}: for every float x both say the same.
 *     Spark sends NaN right ({@code NaN <= t} is false); so does the forest (Vigil imputes before Spark anyway).</li>
 * <li>Gradient-boosted trees: Spark's margin is the weighted sum of the trees' predictions and its probability
 *     {@code 1 / (1 + exp(-2 margin))}; each leaf holds {@code 2 * weight * prediction}, so the engine's sigmoid
 *     gives Spark's probability.</li>
 * <li>Random forests: Spark averages each tree's leaf class distribution (its class counts over their sum); one output per
 *     class (one, the positive class's, for binary models) whose leaves hold that probability over the tree count.</li>
 * </ul>
 * Leaf values stay doubles, as Spark computed them. Node cover is the training rows reaching it (for TreeSHAP).
 */
final class SparkTrees {
    private SparkTrees() {
    }

    static TreeEnsembleModel gradientBoosting(String algorithm, List<String> classes, GBTClassificationModel gbt) {
        Builder b = new Builder(gbt.numFeatures(), 1);
        double[] weights = gbt.treeWeights();
        for (int t = 0; t < weights.length; t++) {
            double scale = 2 * weights[t];
            b.tree(gbt.trees()[t].rootNode(), 0, leaf -> scale * leaf.prediction());
        }
        return ConvertedForests.model(algorithm, classes, b.forest(), TreeEnsembleModel.Link.LOGISTIC, b.gain);
    }

    static TreeEnsembleModel randomForest(String algorithm, List<String> classes, RandomForestClassificationModel rf) {
        int k = rf.numClasses();
        int outputs = k == 2 ? 1 : k;
        Builder b = new Builder(rf.numFeatures(), outputs);
        int trees = rf.trees().length;
        for (var tree : rf.trees()) {
            for (int out = 0; out < outputs; out++) {
                int cls = k == 2 ? 1 : out;
                b.tree(tree.rootNode(), out, leaf -> {
                    double[] counts = leaf.impurityStats().stats();
                    double total = 0;
                    for (double c : counts) total += c;
                    return total == 0 ? 0 : counts[cls] / total / trees;
                });
            }
        }
        return ConvertedForests.model(algorithm, classes, b.forest(), TreeEnsembleModel.Link.AVERAGE, b.gain);
    }

    /** The smallest float above {@code t}: for a float x, {@code x < above(t)} exactly when {@code x <= t}. */
    static float above(double t) {
        float f = (float) t;
        return (double) f > t ? f : Math.nextUp(f);
    }

    /** Appends trees node by node, each node before its children. */
    private static final class Builder {
        private final int featureCount;
        private final int outputs;
        private final IntList feature = new IntList();
        private final IntList left = new IntList();
        private final IntList right = new IntList();
        private final IntList roots = new IntList();
        private final IntList group = new IntList();
        private final java.util.ArrayList<Float> threshold = new java.util.ArrayList<>();
        private final java.util.ArrayList<Double> value = new java.util.ArrayList<>();
        private final java.util.ArrayList<Float> cover = new java.util.ArrayList<>();
        final double[] gain;

        Builder(int featureCount, int outputs) {
            this.featureCount = featureCount;
            this.outputs = outputs;
            this.gain = new double[featureCount];
        }

        void tree(Node root, int output, java.util.function.ToDoubleFunction<Node> leafValue) {
            roots.add(feature.size());
            group.add(output);
            add(root, leafValue, output == 0);
        }

        private int add(Node node, java.util.function.ToDoubleFunction<Node> leafValue, boolean countGain) {
            int n = feature.size();
            feature.add(-1);
            left.add(n);
            right.add(n);
            threshold.add(0f);
            value.add(0d);
            cover.add((float) node.impurityStats().count());
            if (node instanceof InternalNode inner) {
                Split split = inner.split();
                if (!(split instanceof ContinuousSplit c)) {
                    throw new IllegalStateException("a categorical split: Vigil hands Spark numeric features only");
                }
                feature.set(n, c.featureIndex());
                threshold.set(n, above(c.threshold()));
                if (countGain) gain[c.featureIndex()] += inner.gain();
                left.set(n, add(inner.leftChild(), leafValue, countGain));
                right.set(n, add(inner.rightChild(), leafValue, countGain));
            } else {
                value.set(n, leafValue.applyAsDouble(node));
            }
            return n;
        }

        FlatForest forest() {
            int n = feature.size();
            float[] t = new float[n];
            double[] v = new double[n];
            float[] c = new float[n];
            for (int i = 0; i < n; i++) {
                t[i] = threshold.get(i);
                v[i] = value.get(i);
                c[i] = cover.get(i);
            }
            int[] r = right.toArray();
            // a missing value goes right, as NaN <= t is false in Spark
            return new FlatForest(feature.toArray(), t, left.toArray(), r, r.clone(), v, c, roots.toArray(), group.toArray(),
                    new double[outputs], featureCount);
        }
    }

    private static final class IntList {
        private int[] a = new int[1024];
        private int size;

        void add(int v) {
            if (size == a.length) a = java.util.Arrays.copyOf(a, size * 2);
            a[size++] = v;
        }

        void set(int i, int v) {
            a[i] = v;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, size);
        }
    }
}
