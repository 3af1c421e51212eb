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
 * sigmoid link, multiclass models one margin per class and a softmax link.
 */
public final class TreeEnsembleModel implements Model {
    private final String algorithm;
    private final List<String> classes;
    private final FlatForest forest;
    private final Map<String, byte[]> nativeFiles;

    public TreeEnsembleModel(String algorithm, List<String> classes, FlatForest forest, Map<String, byte[]> nativeFiles) {
        int expected = classes.size() == 2 ? 1 : classes.size();
        if (forest.outputCount() != expected) {
            throw new IllegalArgumentException(classes.size() + " classes need " + expected + " outputs, forest has " + forest.outputCount());
        }
        this.algorithm = algorithm;
        this.classes = List.copyOf(classes);
        this.forest = forest;
        this.nativeFiles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(nativeFiles)); // keeps chunk order
    }

    @Override public String algorithm() { return algorithm; }
    @Override public Task task() { return Task.CLASSIFICATION; }
    @Override public List<String> classes() { return classes; }
    @Override public int featureCount() { return forest.featureCount(); }
    @Override public int marginCount() { return forest.outputCount(); }
    @Override public Map<String, byte[]> nativeFiles() { return nativeFiles; }

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
        Links.apply(margins, out);
    }
}
