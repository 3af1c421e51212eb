package io.vigil.engine.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.engine.ModelJson;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.classifiers.TreeEnsembleModel;
import io.vigil.engine.evaluation.EvaluationReport;
import io.vigil.engine.evaluation.Evaluator;
import io.vigil.engine.features.FeatureMatrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Global feature importance: split gain for tree ensembles, permutation importance for any model. */
public final class FeatureImportance {
    private static final ObjectMapper JSON = ModelJson.MAPPER;

    private FeatureImportance() {
    }

    /** A feature and its importance. */
    public record Score(String feature, double importance) {
    }

    /**
     * Total gain (loss reduction) of the splits on each feature, over all trees, normalised to
     * sum to 1 (XGBoost's {@code total_gain}). Read from the model's XGBoost JSON files.
     */
    public static List<Score> gain(TreeEnsembleModel model, List<String> featureNames) {
        double[] gain = new double[featureNames.size()];
        for (byte[] json : model.nativeFiles().values()) {
            try {
                JsonNode file = JSON.readTree(json);
                JsonNode converted = file.path("featureGain"); // a converted forest's (classifiers.ConvertedForests): its library's gains
                for (int f = 0; f < converted.size() && f < gain.length; f++) gain[f] += converted.get(f).asDouble();
                for (JsonNode tree : file.path("learner").path("gradient_booster").path("model").path("trees")) {
                    JsonNode left = tree.path("left_children");
                    for (int i = 0; i < left.size(); i++) {
                        if (left.get(i).asInt() >= 0) gain[tree.path("split_indices").get(i).asInt()] += tree.path("loss_changes").get(i).asDouble();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return normalisedAndSorted(featureNames, gain);
    }

    /**
     * Permutation importance (Breiman 2001): how much {@code metric} drops when one feature's
     * column is shuffled, averaged over {@code repeats} seeded shuffles. Works for any model.
     */
    public static List<Score> permutation(Model model, FeatureMatrix x, int[] labels, ToDoubleFunction<EvaluationReport> metric,
                                          int repeats, long seed) {
        double baseline = metric.applyAsDouble(Evaluator.evaluate(model, x, labels));
        SplittableRandom random = new SplittableRandom(seed);
        double[] drop = new double[x.cols()];
        float[] column = new float[x.rows()];
        for (int f = 0; f < x.cols(); f++) {
            for (int rep = 0; rep < repeats; rep++) {
                for (int r = 0; r < x.rows(); r++) column[r] = x.get(r, f);
                for (int i = column.length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    float t = column[i];
                    column[i] = column[j];
                    column[j] = t;
                }
                drop[f] += (baseline - metric.applyAsDouble(Evaluator.evaluate(model, x.withColumn(f, column), labels))) / repeats;
            }
        }
        List<Score> scores = new ArrayList<>();
        for (int f = 0; f < drop.length; f++) scores.add(new Score(x.names().get(f), drop[f]));
        scores.sort(Comparator.comparingDouble(Score::importance).reversed());
        return scores;
    }

    private static List<Score> normalisedAndSorted(List<String> names, double[] values) {
        double total = 0;
        for (double v : values) total += v;
        List<Score> scores = new ArrayList<>();
        for (int f = 0; f < values.length; f++) scores.add(new Score(names.get(f), total == 0 ? 0 : values[f] / total));
        scores.sort(Comparator.comparingDouble(Score::importance).reversed());
        return scores;
    }
}
