package io.vigil.spark;

import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.ParamSpec;
import io.vigil.engine.classifiers.GradientBoostingTrainer;
import io.vigil.engine.classifiers.RandomForestTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.RandomForestClassifier;

/**
 * Vigil's tree hyperparameters as Spark MLlib's estimators take them. Those with a Spark
 * equivalent are handed over; those without one (XGBoost's regularisation and hessian weights,
 * early stopping) must keep their defaults, or the training is refused with the reason: a value
 * the user chose is never silently ignored. {@code chunks} only paces an in-process forest's
 * progress reports; Spark reports its own.
 */
final class SparkEstimators {
    /** Vigil's name to the hyperparameters Spark takes from it. */
    private static final Map<String, Set<String>> HONOURED = Map.of(
            GradientBoostingTrainer.NAME, Set.of("rounds", "max_depth", "eta", "subsample", "max_bin", "tree_method", "validation_fraction"),
            RandomForestTrainer.NAME, Set.of("trees", "max_depth", "subsample", "colsample_bynode", "max_bin", "tree_method", "chunks"));

    private SparkEstimators() {
    }

    static boolean has(String algorithm) {
        return HONOURED.containsKey(algorithm);
    }

    /** Why these hyperparameters cannot train on Spark, one sentence each; empty when they can. */
    static List<String> problems(String algorithm, Hyperparameters params) {
        List<String> problems = new ArrayList<>();
        if (!has(algorithm)) {
            problems.add("Spark trains " + String.join(" and ", HONOURED.keySet().stream().sorted().toList()) + ", not " + algorithm);
            return problems;
        }
        Set<String> honoured = HONOURED.get(algorithm);
        for (ParamSpec spec : Algorithms.trainer(algorithm).parameters()) {
            Object value = params.asMap().get(spec.name());
            if (!honoured.contains(spec.name()) && !sameNumber(value, spec.defaultValue())) {
                problems.add(spec.name() + " = " + value + " has no equivalent in Spark MLlib; leave it at " + spec.defaultValue());
            }
        }
        if (!"hist".equals(params.asMap().get("tree_method"))) {
            problems.add("tree_method = " + params.asMap().get("tree_method") + ": Spark always bins features (hist); leave it at hist");
        }
        return problems;
    }

    static GBTClassifier gradientBoosting(Hyperparameters p, long seed) {
        return new GBTClassifier().setLossType("logistic")
                .setMaxIter(p.getInt("rounds"))
                .setMaxDepth(p.getInt("max_depth"))
                .setStepSize(p.getDouble("eta"))
                .setSubsamplingRate(p.getDouble("subsample"))
                .setMaxBins(p.getInt("max_bin"))
                .setFeatureSubsetStrategy("all")
                .setSeed(seed);
    }

    /** Rows sampled without replacement, as XGBoost's {@code subsample}: no bootstrap. */
    static RandomForestClassifier randomForest(Hyperparameters p, long seed) {
        double features = p.getDouble("colsample_bynode");
        return new RandomForestClassifier()
                .setNumTrees(p.getInt("trees"))
                .setMaxDepth(p.getInt("max_depth"))
                .setBootstrap(false)
                .setSubsamplingRate(p.getDouble("subsample"))
                .setFeatureSubsetStrategy(features >= 1 ? "all" : Double.toString(features))
                .setMaxBins(p.getInt("max_bin"))
                .setSeed(seed);
    }

    private static boolean sameNumber(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
        return Objects.equals(a, b);
    }
}
