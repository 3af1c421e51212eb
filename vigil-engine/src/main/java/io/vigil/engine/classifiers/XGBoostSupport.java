package io.vigil.engine.classifiers;

import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.features.FeatureMatrix;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** What the XGBoost trainers share: matrices, objectives, versions. */
final class XGBoostSupport {
    static final String VERSION = "3.0.4";
    private static final Pattern NATIVE_PREFIX = Pattern.compile("^\\[[^]]*]\\s*\\S+:\\d+:\\s*");

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
            throw new IllegalStateException("XGBoost could not build a matrix: " + reason(e), e);
        }
    }

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
        return new IllegalStateException("XGBoost failed: " + reason(e), e);
    }

    /**
     * The native message's first line without its "[time] source.cc:line: " prefix: the rest is a
     * native stack trace, which belongs in the log (through the cause), not in a job's error.
     */
    static String reason(XGBoostError e) {
        String message = String.valueOf(e.getMessage()).strip();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline).strip();
        return NATIVE_PREFIX.matcher(first).replaceFirst("");
    }

}
