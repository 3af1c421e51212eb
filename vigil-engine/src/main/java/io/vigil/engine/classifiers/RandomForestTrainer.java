package io.vigil.engine.classifiers;

import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.ParamSpec;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.trees.XGBoostJsonCompiler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Random forest on XGBoost4J: one boosting round of {@code num_parallel_tree} trees with row
 * and per-node feature subsampling and learning rate 1. To report progress and allow
 * cancellation, the forest is grown in {@code chunks} independent parts (different seeds) whose
 * trees are averaged, which is the same forest.
 */
public final class RandomForestTrainer implements Trainer {
    public static final String NAME = "random_forest";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.integer("trees", 100, 1, 10_000, "number of trees").alsoCalled("n_estimators"),
            ParamSpec.integer("max_depth", 8, 1, 16, "maximum tree depth"),
            ParamSpec.real("subsample", 0.632, 0, true, 1, "fraction of rows sampled per tree"),
            ParamSpec.real("colsample_bynode", 0.5, 0, true, 1, "fraction of features considered per split"),
            ParamSpec.real("min_child_weight", 1, 0, false, 1e6, "minimum hessian sum in a leaf"),
            ParamSpec.real("lambda", 1e-5, 0, false, 1e6, "L2 regularisation of leaf weights").alsoCalled("reg_lambda"),
            ParamSpec.integer("max_bin", 256, 2, 65_536, "histogram bins per feature"),
            ParamSpec.choice("tree_method", "hist", List.of("hist", "approx", "exact"), "split finding method"),
            ParamSpec.integer("chunks", 10, 1, 1000, "parts the forest is grown in (progress steps)"));

    @Override public String algorithm() { return NAME; }
    @Override public Task task() { return Task.CLASSIFICATION; }
    @Override public List<ParamSpec> parameters() { return PARAMS; }
    @Override public Map<String, String> libraryVersions() { return XGBoostSupport.versions(); }

    /** The XGBoost parameters for one chunk of {@code trees} trees. */
    public static Map<String, Object> xgboostParams(Hyperparameters params, int trees, int classes, long seed, int threads) {
        Map<String, Object> p = XGBoostSupport.treeParams(params, classes, seed, threads);
        p.put("num_parallel_tree", trees);
        p.put("eta", 1.0); // a forest averages its trees: no shrinkage
        p.put("colsample_bynode", params.getDouble("colsample_bynode"));
        return p;
    }

    @Override
    public TreeEnsembleModel train(TrainingData data, Hyperparameters params, TrainingContext context) {
        int trees = params.getInt("trees");
        int chunks = Math.min(params.getInt("chunks"), trees);
        DMatrix dtrain = XGBoostSupport.matrix(data.features(), data.labels());
        List<byte[]> parts = new ArrayList<>();
        try {
            int done = 0;
            for (int c = 0; c < chunks; c++) {
                context.cancellation().check();
                int size = trees * (c + 1) / chunks - done;
                Booster booster = XGBoost.train(dtrain,
                        xgboostParams(params, size, data.classes().size(), context.seed() + c, context.threads()), 1, Map.of(), null, null);
                try {
                    parts.add(booster.toByteArray("json"));
                } finally {
                    booster.dispose();
                }
                done += size;
                context.progress(done, trees);
            }
        } catch (XGBoostError e) {
            throw XGBoostSupport.failure(e);
        } finally {
            dtrain.dispose();
        }
        return model(parts, data.classes());
    }

    /** Averages the chunks; each chunk's trees are weighted by its share of the forest. */
    static TreeEnsembleModel model(List<byte[]> parts, List<String> classes) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) files.put(String.format("forest-%03d.json", i), parts.get(i));
        return new TreeEnsembleModel(NAME, classes, XGBoostJsonCompiler.compileAverage(parts), files);
    }

    @Override
    public Model load(Map<String, byte[]> nativeFiles, List<String> classes, int featureCount, Hyperparameters params) {
        if (ConvertedForests.holds(nativeFiles)) return ConvertedForests.load(NAME, nativeFiles, classes); // trained on Spark
        List<byte[]> parts = nativeFiles.entrySet().stream()
                .filter(e -> e.getKey().startsWith("forest-"))
                .sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .toList();
        if (parts.isEmpty()) throw new IllegalArgumentException("random_forest bundle has no forest-*.json (has " + nativeFiles.keySet() + ")");
        return model(parts, classes);
    }
}
