package io.vigil.engine.classifiers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.engine.ModelJson;
import io.vigil.engine.trees.FlatForest;
import io.vigil.engine.trees.FlatForestJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Tree models trained by another library (Spark MLlib, through a
 * {@link io.vigil.engine.algorithms.TrainingBackend}) and converted into a {@link FlatForest}: kept
 * in the bundle as one native file, {@value #FILE} (the forest's arrays and its link), and loaded
 * by the {@code gbm} and {@code random_forest} trainers like their own, so serving needs nothing
 * of the library that trained them.
 */
public final class ConvertedForests {
    /** The native file of a converted forest. */
    public static final String FILE = "trees.json";

    private ConvertedForests() {
    }

    /**
     * A model of {@code algorithm} ({@code gbm} or {@code random_forest}) holding {@code forest} as its native file.
     *
     * @param featureGain the training library's total gain (impurity decrease) of the splits on each feature, for
     *                    {@code explain.FeatureImportance#gain}
     */
    public static TreeEnsembleModel model(String algorithm, List<String> classes, FlatForest forest, TreeEnsembleModel.Link link,
                                          double[] featureGain) {
        ObjectNode file = ModelJson.MAPPER.createObjectNode();
        file.put("link", link.name());
        file.set("featureGain", ModelJson.MAPPER.valueToTree(featureGain));
        file.set("forest", FlatForestJson.toJson(forest));
        try {
            return new TreeEnsembleModel(algorithm, classes, forest, Map.of(FILE, ModelJson.MAPPER.writeValueAsBytes(file)), link);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when a bundle's native files are a converted forest's. */
    static boolean holds(Map<String, byte[]> nativeFiles) {
        return nativeFiles.containsKey(FILE);
    }

    static TreeEnsembleModel load(String algorithm, Map<String, byte[]> nativeFiles, List<String> classes) {
        try {
            JsonNode file = ModelJson.MAPPER.readTree(nativeFiles.get(FILE));
            TreeEnsembleModel.Link link = TreeEnsembleModel.Link.valueOf(file.path("link").asText("LOGISTIC"));
            FlatForest forest = FlatForestJson.fromJson(file.path("forest"));
            return new TreeEnsembleModel(algorithm, classes, forest, Map.of(FILE, nativeFiles.get(FILE)), link);
        } catch (IOException e) {
            throw new IllegalArgumentException(FILE + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
