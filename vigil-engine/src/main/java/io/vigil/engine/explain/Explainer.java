package io.vigil.engine.explain;

import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.anomaly.IsolationForestModel;
import io.vigil.engine.anomaly.StatisticalDetectorModel;
import io.vigil.engine.classifiers.LinearModel;
import io.vigil.engine.classifiers.TreeEnsembleModel;
import java.util.Arrays;
import java.util.List;

/**
 * Explains single predictions: exact TreeSHAP for tree ensembles, coefficient x value for
 * linear models. For multiclass models pick the output (class) to explain. An isolation forest is
 * explained on its negative mean path length -E(h), which rises with the anomaly score
 * ({@code 2^(-E(h) / c)}): a positive contribution is a feature that isolated the row quickly,
 * a push towards "anomaly". The z-score, IQR and MAD detectors are explained on their score: exact
 * Shapley values of a function of the largest per-feature distance.
 */
public final class Explainer {
    private final Model model;
    private final List<String> featureNames;
    private final TreeShap treeShap;
    private final IsolationForestModel isolation; // explained on -E(h), not on its score

    public Explainer(Model model, List<String> featureNames) {
        if (!supports(model)) {
            throw new IllegalArgumentException("no per-prediction explanation for " + model.algorithm()
                    + "; use PermutationImportance for a global view");
        }
        this.model = model;
        this.featureNames = List.copyOf(featureNames);
        this.isolation = model instanceof IsolationForestModel i ? i : null;
        this.treeShap = model instanceof TreeEnsembleModel t ? new TreeShap(t.forest())
                : isolation != null ? new TreeShap(isolation.forest()) : null;
    }

    /** Explains {@code trained}'s model over its pipeline's features: encode a raw record with {@code trained.pipeline().encode}. */
    public static Explainer of(TrainedModel trained) {
        return new Explainer(trained.model(), trained.pipeline().featureNames());
    }

    public static boolean supports(Model model) {
        return model instanceof TreeEnsembleModel || model instanceof LinearModel || model instanceof StatisticalDetectorModel
                || model instanceof IsolationForestModel i && i.explainable();
    }

    /** Heap this explainer has added to its model's so far (TreeSHAP's tables, built by the first explanation). */
    public long memoryBytes() {
        return treeShap == null ? 0 : treeShap.tableBytes();
    }

    /** What {@link Explanation#margin()} is for this model: "log-odds", "-E(h)" or "anomaly score". */
    public String marginOf() {
        return isolation != null ? "-E(h)" : model instanceof StatisticalDetectorModel ? "anomaly score" : "log-odds";
    }

    /** Explains output 0 (the positive class of a binary model). */
    public Explanation explain(float[] row) {
        return explain(row, 0);
    }

    public Explanation explain(float[] row, int output) {
        if (model instanceof StatisticalDetectorModel detector) { // exact Shapley values of the score itself
            return new Explanation(featureNames, detector.contributions(row, 0), 0, detector.score(row, 0));
        }
        if (isolation != null) {
            double[] phi = treeShap.contributions(row, 0, 0);
            int n = phi.length - 1;
            double[] contributions = new double[n];
            for (int f = 0; f < n; f++) contributions[f] = -phi[f];
            return new Explanation(featureNames, contributions, -phi[n], -isolation.forest().predictOne(row, 0));
        }
        double[] margins = new double[model.marginCount()];
        model.margins(row, 0, margins);
        if (treeShap != null) {
            double[] phi = treeShap.contributions(row, 0, output);
            int n = phi.length - 1;
            return new Explanation(featureNames, Arrays.copyOf(phi, n), phi[n], margins[output]);
        }
        LinearModel linear = (LinearModel) model;
        double[] contributions = new double[row.length];
        for (int f = 0; f < row.length; f++) contributions[f] = Float.isNaN(row[f]) ? 0 : linear.coefficient(output, f) * row[f];
        return new Explanation(featureNames, contributions, linear.intercept(output), margins[output]);
    }
}
