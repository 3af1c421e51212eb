package io.vigil.engine.explain;

import io.vigil.engine.algorithms.LinearModel;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.TreeEnsembleModel;
import java.util.Arrays;
import java.util.List;

/**
 * Explains single predictions: exact TreeSHAP for tree ensembles, coefficient x value for
 * linear models. For multiclass models pick the output (class) to explain.
 */
public final class Explainer {
    private final Model model;
    private final List<String> featureNames;
    private final TreeShap treeShap;

    public Explainer(Model model, List<String> featureNames) {
        this.model = model;
        this.featureNames = List.copyOf(featureNames);
        this.treeShap = model instanceof TreeEnsembleModel t ? new TreeShap(t.forest()) : null;
        if (treeShap == null && !(model instanceof LinearModel)) {
            throw new IllegalArgumentException("no per-prediction explanation for " + model.algorithm()
                    + "; use PermutationImportance for a global view");
        }
    }

    public static boolean supports(Model model) {
        return model instanceof TreeEnsembleModel || model instanceof LinearModel;
    }

    /** Explains output 0 (the positive class of a binary model). */
    public Explanation explain(float[] row) {
        return explain(row, 0);
    }

    public Explanation explain(float[] row, int output) {
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
