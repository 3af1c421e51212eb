package io.vigil.engine.classifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.engine.ModelJson;
import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.trees.FlatForest;
import io.vigil.engine.trees.FlatForestJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A forest converted from another library (what vigil-spark makes) keeps its double leaf values
 * exactly through its native file, is loaded by the {@code gbm} and {@code random_forest} trainers,
 * and turns margins into probabilities by its link: logistic, or averaged class probabilities.
 */
class ConvertedForestsTest {

    /** Two stumps on feature 0 (x < 0.5 goes left): to outputs 0 and 1 when there are several, else both to output 0. */
    private static FlatForest stumps(int outputs, double[] leaves) {
        int[] feature = {0, -1, -1, 0, -1, -1};
        float[] threshold = {0.5f, 0, 0, 0.5f, 0, 0};
        int[] left = {1, 1, 2, 4, 4, 5};
        int[] right = {2, 1, 2, 5, 4, 5};
        double[] value = {0, leaves[0], leaves[1], 0, leaves[2], leaves[3]};
        return new FlatForest(feature, threshold, left, right, right.clone(), value, new float[] {10, 4, 6, 10, 4, 6},
                new int[] {0, 3}, outputs > 1 ? new int[] {0, 1} : new int[] {0, 0}, new double[outputs], 1);
    }

    @Test
    void averagedProbabilitiesSurviveTheNativeFileExactly() {
        // leaves no float can hold: a float leaf would be off by about 1e-8
        double third = 1.0 / 3, twoThirds = 2.0 / 3;
        TreeEnsembleModel binary = ConvertedForests.model("random_forest", List.of("normal", "attack"),
                stumps(1, new double[] {third / 2, twoThirds / 2, 0.1 / 2, 0.9 / 2}), TreeEnsembleModel.Link.AVERAGE, new double[] {1});
        Model loaded = Algorithms.trainer("random_forest").load(binary.nativeFiles(), binary.classes(), 1, null);
        double[] p = loaded.probabilities(new io.vigil.engine.features.FeatureMatrix(new float[] {0.7f}, 1, 1, List.of("x")))[0];
        assertThat(p[1]).isEqualTo((twoThirds + 0.9) / 2); // both right leaves, averaged, exactly
        assertThat(p[0]).isEqualTo(1 - p[1]);
        assertThat(((TreeEnsembleModel) loaded).link()).isEqualTo(TreeEnsembleModel.Link.AVERAGE);
    }

    @Test
    void averagedMulticlassMarginsAreNormalisedAsSparkDoes() {
        TreeEnsembleModel three = new TreeEnsembleModel("random_forest", List.of("a", "b", "c"), stumps(3, new double[] {0.2, 0.6, 0.2, 0.3}),
                Map.of(), TreeEnsembleModel.Link.AVERAGE);
        double[] out = new double[3];
        three.probabilities(new double[] {0.6, 0.3, 0.1}, out); // Spark divides its votes by their sum
        assertThat(out).containsExactly(0.6 / (0.6 + 0.3 + 0.1), 0.3 / (0.6 + 0.3 + 0.1), 0.1 / (0.6 + 0.3 + 0.1));
    }

    @Test
    void aLogisticForestLoadsThroughGbmWithItsSigmoid() {
        TreeEnsembleModel gbm = ConvertedForests.model("gbm", List.of("normal", "attack"), stumps(1, new double[] {-1.25, 0.75, -0.5, 0.5}),
                TreeEnsembleModel.Link.LOGISTIC, new double[] {3});
        Model loaded = Algorithms.trainer("gbm").load(gbm.nativeFiles(), gbm.classes(), 1, null);
        double[] p = loaded.probabilities(new io.vigil.engine.features.FeatureMatrix(new float[] {0.1f}, 1, 1, List.of("x")))[0];
        assertThat(p[1]).isEqualTo(1 / (1 + Math.exp(1.75)));
        assertThat(io.vigil.engine.explain.FeatureImportance.gain((TreeEnsembleModel) loaded, List.of("x")).get(0).importance()).isEqualTo(1.0);
    }

    @Test
    void aForestWhoseLinksLoopIsRefused() throws Exception {
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) FlatForestJson.toJson(stumps(1, new double[] {1, 2, 3, 4}));
        json.set("left", ModelJson.MAPPER.valueToTree(new int[] {0, 1, 2, 4, 4, 5})); // the root is its own left child
        assertThatThrownBy(() -> FlatForestJson.fromJson(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node 0 links to node 0");
    }
}
