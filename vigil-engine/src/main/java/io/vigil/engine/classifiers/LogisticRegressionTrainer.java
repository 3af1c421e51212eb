package io.vigil.engine.classifiers;

import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.ParamSpec;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.features.PipelineSpec;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Logistic regression (binary) or softmax regression (multiclass) with elastic-net
 * regularisation, fitted by XGBoost's {@code gblinear} booster with deterministic cyclic
 * coordinate descent, round by round (progress, cancellation). Scale features first
 * ({@link io.vigil.engine.features.PipelineSpec#forLinear}).
 */
public final class LogisticRegressionTrainer implements Trainer {
    public static final String NAME = "logistic_regression";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.integer("rounds", 100, 1, 10_000, "coordinate-descent passes").alsoCalled("max_iter"),
            ParamSpec.real("eta", 0.5, 0, true, 1, "step size").alsoCalled("learning_rate"),
            ParamSpec.real("lambda", 0.01, 0, false, 1e6, "L2 regularisation").alsoCalled("reg_lambda"),
            ParamSpec.real("alpha", 0, 0, false, 1e6, "L1 regularisation").alsoCalled("reg_alpha"));

    @Override public String algorithm() { return NAME; }
    @Override public Task task() { return Task.CLASSIFICATION; }
    @Override public List<ParamSpec> parameters() { return PARAMS; }
    @Override public Map<String, String> libraryVersions() { return XGBoostSupport.versions(); }
    @Override public PipelineSpec defaultPipeline(String target) { return PipelineSpec.forLinear(target); }

    @Override
    public LinearModel train(TrainingData data, Hyperparameters params, TrainingContext context) {
        Map<String, Object> p = XGBoostSupport.objective(data.classes().size());
        p.put("booster", "gblinear");
        p.put("updater", "coord_descent");
        p.put("feature_selector", "cyclic");
        p.put("eta", params.getDouble("eta"));
        p.put("lambda", params.getDouble("lambda"));
        p.put("alpha", params.getDouble("alpha"));
        p.put("seed", context.seed());
        p.put("nthread", context.threads());
        p.put("verbosity", 0);
        int rounds = params.getInt("rounds");
        DMatrix dtrain = XGBoostSupport.matrix(data.features(), data.labels());
        Booster booster = null;
        try {
            context.cancellation().check();
            booster = XGBoost.train(dtrain, p, 0, Map.of(), null, null);
            for (int round = 0; round < rounds; round++) {
                booster.update(dtrain, round);
                context.progress(round + 1, rounds);
            }
            return new LinearModel(NAME, data.classes(), booster.toByteArray("json"));
        } catch (XGBoostError e) {
            throw XGBoostSupport.failure(e);
        } finally {
            if (booster != null) booster.dispose();
            dtrain.dispose();
        }
    }

    @Override
    public Model load(Map<String, byte[]> nativeFiles, List<String> classes, int featureCount, Hyperparameters params) {
        byte[] json = nativeFiles.get("model.json");
        if (json == null) throw new IllegalArgumentException("logistic_regression bundle lacks model.json");
        return new LinearModel(NAME, classes, json);
    }
}
