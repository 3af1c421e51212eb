package io.vigil.engine.classifiers;

import io.vigil.engine.algorithms.Links;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.trees.FlatForest;
import java.util.List;
import java.util.Map;

/**
 * A classifier made of trees (gradient boosting or random forest) scored by the pure-Java
 * {@link FlatForest}: binary models have one margin (log-odds of the positive class) and a
 * sigmoid link, multiclass models one margin per class and a softmax link. A forest whose trees
 * vote class probabilities (Spark MLlib's random forest, {@link Link#AVERAGE}) has margins that
 * are already the averaged probabilities: the positive class's for binary models, one per class
 * otherwise, normalised to sum to one as Spark does.
 */
public final class TreeEnsembleModel implements Model {
    /** How margins become probabilities. */
    public enum Link {
        /** Log-odds: sigmoid (one margin) or softmax (several). XGBoost's, and Spark's GBT with its leaves doubled. */
        LOGISTIC,
        /** The margins are averaged class probabilities (leaves hold each tree's probability over the tree count). */
        AVERAGE
    }

    private final String algorithm;
    private final List<String> classes;
    private final FlatForest forest;
    private final Map<String, byte[]> nativeFiles;
    private final Link link;

    public TreeEnsembleModel(String algorithm, List<String> classes, FlatForest forest, Map<String, byte[]> nativeFiles) {
        this(algorithm, classes, forest, nativeFiles, Link.LOGISTIC);
    }

    public TreeEnsembleModel(String algorithm, List<String> classes, FlatForest forest, Map<String, byte[]> nativeFiles, Link link) {
        int expected = classes.size() == 2 ? 1 : classes.size();
        if (forest.outputCount() != expected) {
            throw new IllegalArgumentException(classes.size() + " classes need " + expected + " outputs, forest has " + forest.outputCount());
        }
        this.algorithm = algorithm;
        this.classes = List.copyOf(classes);
        this.forest = forest;
        this.nativeFiles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(nativeFiles)); // keeps chunk order
        this.link = java.util.Objects.requireNonNull(link, "link");
    }

    @Override public String algorithm() { return algorithm; }
    @Override public Task task() { return Task.CLASSIFICATION; }
    @Override public List<String> classes() { return classes; }
    @Override public int featureCount() { return forest.featureCount(); }
    @Override public int marginCount() { return forest.outputCount(); }
    @Override public Map<String, byte[]> nativeFiles() { return nativeFiles; }

    public Link link() {
        return link;
    }

    /** The compiled trees, for explanation and benchmarks. */
    public FlatForest forest() {
        return forest;
    }

    @Override
    public void margins(float[] data, int offset, double[] out) {
        forest.predict(data, offset, out);
    }

    @Override
    public void probabilities(double[] margins, double[] out) {
        if (link == Link.LOGISTIC) {
            Links.apply(margins, out);
        } else if (margins.length == 1) {
            out[0] = 1 - margins[0];
            out[1] = margins[0];
        } else {
            double sum = 0;
            for (double m : margins) sum += m;
            for (int k = 0; k < margins.length; k++) out[k] = sum == 0 ? 1.0 / margins.length : margins[k] / sum;
        }
    }
}
