package io.vigil.engine.anomaly;

import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.ParamSpec;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.features.FeatureMatrix;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Isolation forest (Liu, Ting, Zhou, ICDM 2008): each tree isolates a random subsample of
 * {@code sample_size} rows with random splits (random feature, split uniform between the node's
 * min and max) up to depth ceil(log2 sample_size). Anomalies are isolated in few splits.
 * The threshold is the training score above which a {@code contamination} share of rows lies.
 * Labels, if any, are ignored.
 */
public final class IsolationForestTrainer implements Trainer {
    public static final String NAME = "isolation_forest";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.integer("trees", 100, 1, 10_000, "number of isolation trees").alsoCalled("n_estimators"),
            ParamSpec.integer("sample_size", 256, 2, 1_000_000, "rows sampled per tree").alsoCalled("max_samples"),
            ParamSpec.real("contamination", 0.1, 0, true, 0.5, "expected share of anomalies; sets the threshold"));

    @Override public String algorithm() { return NAME; }
    @Override public Task task() { return Task.ANOMALY_DETECTION; }
    @Override public List<ParamSpec> parameters() { return PARAMS; }
    @Override public Map<String, String> libraryVersions() { return Map.of(); }

    @Override
    public IsolationForestModel train(TrainingData data, Hyperparameters params, TrainingContext context) {
        FeatureMatrix x = data.features();
        int trees = params.getInt("trees");
        int psi = Math.min(params.getInt("sample_size"), x.rows());
        int heightLimit = (int) Math.ceil(Math.log(Math.max(psi, 2)) / Math.log(2));
        SplittableRandom random = new SplittableRandom(context.seed());
        Builder b = new Builder(x, heightLimit);
        int[] roots = new int[trees];
        for (int t = 0; t < trees; t++) {
            roots[t] = b.grow(sample(x.rows(), psi, random), 0, random);
            if ((t + 1) % Math.max(1, trees / 20) == 0 || t == trees - 1) context.progress(t + 1, trees);
        }
        IsolationForestState state = new IsolationForestState(x.cols(), psi, 0.5, roots, b.feature(), b.split(), b.left(), b.right(),
                b.pathLength(), b.nodeRows());
        IsolationForestModel model = new IsolationForestModel(state);
        return model.withThreshold(AnomalyScores.threshold(model.scores(x), params.getDouble("contamination")));
    }

    @Override
    public Model load(Map<String, byte[]> nativeFiles, List<String> classes, int featureCount, Hyperparameters params) {
        byte[] json = nativeFiles.get("isolation_forest.json");
        if (json == null) throw new IllegalArgumentException("isolation_forest bundle lacks isolation_forest.json");
        return IsolationForestModel.fromJson(json);
    }

    private static int[] sample(int rows, int size, SplittableRandom random) {
        int[] all = new int[rows];
        for (int i = 0; i < rows; i++) all[i] = i;
        for (int i = 0; i < size; i++) { // partial Fisher-Yates: the first `size` are a uniform sample
            int j = i + random.nextInt(rows - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, size);
    }

    /** Grows trees into shared growable node arrays. */
    private static final class Builder {
        private final FeatureMatrix x;
        private final int heightLimit;
        private int[] feature = new int[1024];
        private float[] split = new float[1024];
        private int[] left = new int[1024];
        private int[] right = new int[1024];
        private float[] pathLength = new float[1024];
        private int[] nodeRows = new int[1024];
        private int size;

        Builder(FeatureMatrix x, int heightLimit) {
            this.x = x;
            this.heightLimit = heightLimit;
        }

        int grow(int[] rows, int depth, SplittableRandom random) {
            int node = newNode();
            nodeRows[node] = rows.length;
            if (depth >= heightLimit || rows.length <= 1) return leaf(node, depth, rows.length);
            // features that still vary among these rows
            int cols = x.cols();
            float[] min = new float[cols];
            float[] max = new float[cols];
            Arrays.fill(min, Float.POSITIVE_INFINITY);
            Arrays.fill(max, Float.NEGATIVE_INFINITY);
            for (int r : rows) {
                for (int c = 0; c < cols; c++) {
                    float v = x.data()[r * cols + c];
                    if (v < min[c]) min[c] = v;
                    if (v > max[c]) max[c] = v;
                }
            }
            int[] candidates = new int[cols];
            int n = 0;
            for (int c = 0; c < cols; c++) if (max[c] > min[c]) candidates[n++] = c;
            if (n == 0) return leaf(node, depth, rows.length);
            int f = candidates[random.nextInt(n)];
            float s = (float) (min[f] + random.nextDouble() * (max[f] - min[f]));
            if (s <= min[f]) s = Math.nextUp(min[f]); // keep both sides non-empty
            int nLeft = 0;
            for (int r : rows) if (x.data()[r * cols + f] < s) nLeft++;
            int[] l = new int[nLeft];
            int[] rt = new int[rows.length - nLeft];
            int li = 0;
            int ri = 0;
            for (int r : rows) {
                if (x.data()[r * cols + f] < s) l[li++] = r; else rt[ri++] = r;
            }
            feature[node] = f;
            split[node] = s;
            left[node] = grow(l, depth + 1, random);
            right[node] = grow(rt, depth + 1, random);
            return node;
        }

        private int leaf(int node, int depth, int count) {
            feature[node] = -1;
            left[node] = right[node] = node;
            pathLength[node] = (float) (depth + AnomalyScores.averagePathLength(count));
            return node;
        }

        private int newNode() {
            if (size == feature.length) {
                int cap = size * 2;
                feature = Arrays.copyOf(feature, cap);
                split = Arrays.copyOf(split, cap);
                left = Arrays.copyOf(left, cap);
                right = Arrays.copyOf(right, cap);
                pathLength = Arrays.copyOf(pathLength, cap);
                nodeRows = Arrays.copyOf(nodeRows, cap);
            }
            return size++;
        }

        int[] feature() { return Arrays.copyOf(feature, size); }
        float[] split() { return Arrays.copyOf(split, size); }
        int[] left() { return Arrays.copyOf(left, size); }
        int[] right() { return Arrays.copyOf(right, size); }
        float[] pathLength() { return Arrays.copyOf(pathLength, size); }
        int[] nodeRows() { return Arrays.copyOf(nodeRows, size); }
    }
}
