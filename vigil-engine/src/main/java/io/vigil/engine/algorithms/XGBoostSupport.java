package io.vigil.engine.algorithms;

import io.vigil.engine.features.FeatureMatrix;
import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** What the XGBoost trainers share: matrices, objectives, versions. */
final class XGBoostSupport {
    static final String VERSION = "3.0.4";

    private XGBoostSupport() {
    }

    static DMatrix matrix(FeatureMatrix x, int[] labels) {
        try {
            DMatrix m = new DMatrix(x.data(), x.rows(), x.cols(), Float.NaN);
            if (labels != null) {
                float[] y = new float[labels.length];
                for (int i = 0; i < y.length; i++) y[i] = labels[i];
                m.setLabel(y);
            }
            return m;
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not build a matrix: " + e.getMessage(), e);
        }
    }

    /** Objective and class count for the number of classes. */
    /** What every tree ensemble hands XGBoost: objective, tree shape and sampling, seed, threads. */
    static Map<String, Object> treeParams(Hyperparameters params, int classes, long seed, int threads) {
        Map<String, Object> p = objective(classes);
        p.put("max_depth", params.getInt("max_depth"));
        p.put("min_child_weight", params.getDouble("min_child_weight"));
        p.put("subsample", params.getDouble("subsample"));
        p.put("lambda", params.getDouble("lambda"));
        p.put("max_bin", params.getInt("max_bin"));
        p.put("tree_method", params.getString("tree_method"));
        p.put("seed", seed);
        p.put("nthread", threads);
        p.put("verbosity", 0);
        return p;
    }

    static Map<String, Object> objective(int classes) {
        Map<String, Object> p = new HashMap<>();
        if (classes == 2) {
            p.put("objective", "binary:logistic");
            p.put("eval_metric", "logloss");
        } else {
            p.put("objective", "multi:softprob");
            p.put("num_class", classes);
            p.put("eval_metric", "mlogloss");
        }
        return p;
    }

    static Map<String, String> versions() {
        return Map.of("xgboost4j", VERSION, "java", System.getProperty("java.version"));
    }

    static RuntimeException failure(XGBoostError e) {
        return new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
    }
}
