package io.vigil.engine.classifiers;

import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.ParamSpec;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.algorithms.TrainingContext;
import io.vigil.engine.algorithms.TrainingData;
import io.vigil.engine.evaluation.Splits;
import io.vigil.engine.trees.XGBoostJsonCompiler;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees on XGBoost4J ({@code tree_method=hist} by default), binary or
 * multiclass. Trains round by round with {@code Booster.update}, so every round reports progress
 * and may be cancelled. With {@code early_stopping_rounds > 0} a stratified
 * {@code validation_fraction} of the rows is held out and training stops once its log loss has
 * not improved for that many rounds; the model keeps the best round.
 */
public final class GradientBoostingTrainer implements Trainer {
    public static final String NAME = "gbm";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.integer("rounds", 100, 1, 10_000, "boosting rounds (trees per class)").alsoCalled("n_estimators", "num_boost_round"),
            ParamSpec.integer("max_depth", 4, 1, 16, "maximum tree depth (4: shallow trees generalise better to new attack types, see BENCHMARKS.md)"),
            ParamSpec.real("eta", 0.3, 0, true, 1, "learning rate").alsoCalled("learning_rate"),
            ParamSpec.real("min_child_weight", 1, 0, false, 1e6, "minimum hessian sum in a leaf"),
            ParamSpec.real("subsample", 1, 0, true, 1, "fraction of rows sampled per tree"),
            ParamSpec.real("colsample_bytree", 1, 0, true, 1, "fraction of features sampled per tree"),
            ParamSpec.real("lambda", 1, 0, false, 1e6, "L2 regularisation of leaf weights").alsoCalled("reg_lambda"),
            ParamSpec.real("alpha", 0, 0, false, 1e6, "L1 regularisation of leaf weights").alsoCalled("reg_alpha"),
            ParamSpec.real("gamma", 0, 0, false, 1e6, "minimum loss reduction to split").alsoCalled("min_split_loss"),
            ParamSpec.integer("max_bin", 256, 2, 65_536, "histogram bins per feature (hist, approx)"),
            ParamSpec.choice("tree_method", "hist", List.of("hist", "approx", "exact"), "split finding method"),
            ParamSpec.integer("early_stopping_rounds", 0, 0, 10_000, "stop after this many rounds without validation improvement; 0 = off"),
            ParamSpec.real("validation_fraction", 0.1, 0, true, 0.5, "rows held out for early stopping"));

    @Override public String algorithm() { return NAME; }
    @Override public Task task() { return Task.CLASSIFICATION; }
    @Override public List<ParamSpec> parameters() { return PARAMS; }
    @Override public Map<String, String> libraryVersions() { return XGBoostSupport.versions(); }

    /** The parameters handed to XGBoost for {@code params}: also used to call XGBoost directly in benchmarks. */
    public static Map<String, Object> xgboostParams(Hyperparameters params, int classes, long seed, int threads) {
        Map<String, Object> p = XGBoostSupport.treeParams(params, classes, seed, threads);
        p.put("eta", params.getDouble("eta"));
        p.put("colsample_bytree", params.getDouble("colsample_bytree"));
        p.put("alpha", params.getDouble("alpha"));
        p.put("gamma", params.getDouble("gamma"));
        return p;
    }

    @Override
    public TreeEnsembleModel train(TrainingData data, Hyperparameters params, TrainingContext context) {
        int rounds = params.getInt("rounds");
        int patience = params.getInt("early_stopping_rounds");
        TrainingData train = data;
        TrainingData validation = null;
        if (patience > 0) {
            Splits.Split split = Splits.stratified(data.labels(), params.getDouble("validation_fraction"), context.seed());
            train = data.select(split.train());
            validation = data.select(split.test());
        }
        DMatrix dtrain = XGBoostSupport.matrix(train.features(), train.labels());
        DMatrix dvalid = validation == null ? null : XGBoostSupport.matrix(validation.features(), validation.labels());
        Booster booster = null;
        try {
            context.cancellation().check();
            booster = XGBoost.train(dtrain, xgboostParams(params, data.classes().size(), context.seed(), context.threads()),
                    0, Map.of(), null, null);
            double best = Double.POSITIVE_INFINITY;
            int bestRounds = 0;
            for (int round = 0; round < rounds; round++) {
                booster.update(dtrain, round);
                if (dvalid != null) {
                    double loss = lastMetric(booster.evalSet(new DMatrix[] {dvalid}, new String[] {"valid"}, round));
                    if (loss < best - 1e-12) {
                        best = loss;
                        bestRounds = round + 1;
                    } else if (round + 1 - bestRounds >= patience) {
                        context.progress(rounds, rounds);
                        break;
                    }
                }
                context.progress(round + 1, rounds);
            }
            byte[] json = booster.toByteArray("json");
            if (dvalid != null && bestRounds < booster.getNumBoostedRound()) {
                json = XGBoostJsonTrim.keepRounds(json, bestRounds);
            }
            return model(json, data.classes());
        } catch (XGBoostError e) {
            throw XGBoostSupport.failure(e);
        } finally {
            if (booster != null) booster.dispose();
            dtrain.dispose();
            if (dvalid != null) dvalid.dispose();
        }
    }

    static TreeEnsembleModel model(byte[] json, List<String> classes) {
        return new TreeEnsembleModel(NAME, classes, XGBoostJsonCompiler.compile(json), Map.of("model.json", json));
    }

    @Override
    public Model load(Map<String, byte[]> nativeFiles, List<String> classes, int featureCount, Hyperparameters params) {
        if (ConvertedForests.holds(nativeFiles)) return ConvertedForests.load(NAME, nativeFiles, classes); // trained on Spark
        byte[] json = nativeFiles.get("model.json");
        if (json == null) throw new IllegalArgumentException("gbm bundle lacks model.json (has " + nativeFiles.keySet() + ")");
        return model(json, classes);
    }

    /** The value after the last ':' in XGBoost's "[3]\tvalid-logloss:0.1234". */
    static double lastMetric(String evalLine) {
        return Double.parseDouble(evalLine.substring(evalLine.lastIndexOf(':') + 1).strip());
    }
}
