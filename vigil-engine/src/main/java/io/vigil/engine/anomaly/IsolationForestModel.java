package io.vigil.engine.anomaly;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.engine.ModelJson;
import io.vigil.engine.trees.FlatForest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * An isolation forest scored by the flat-array {@link FlatForest}: each leaf holds its path
 * length (depth + c(leaf size)) divided by the tree count, so the forest's margin is the mean
 * path length E(h), and the score is {@code 2^(-E(h) / c(sampleSize))}.
 */
public final class IsolationForestModel extends DetectorModel {
    private static final ObjectMapper JSON = ModelJson.MAPPER;

    private final IsolationForestState state;
    private final FlatForest forest;
    private final double normaliser;

    IsolationForestModel(IsolationForestState state) {
        super(state.threshold());
        this.state = state;
        int n = state.feature().length;
        float[] value = new float[n];
        int trees = state.roots().length;
        for (int i = 0; i < n; i++) value[i] = state.pathLength()[i] / trees;
        float[] cover = null;
        if (state.nodeRows() != null) {
            cover = new float[n];
            for (int i = 0; i < n; i++) cover[i] = state.nodeRows()[i];
        }
        // missing values (should not happen after imputation) go left
        this.forest = new FlatForest(state.feature(), state.split(), state.left(), state.right(), state.left(), value, cover,
                state.roots(), new int[trees], new double[] {0}, state.featureCount());
        this.normaliser = AnomalyScores.averagePathLength(state.sampleSize());
    }

    static IsolationForestModel fromJson(byte[] json) {
        try {
            return new IsolationForestModel(JSON.readValue(json, IsolationForestState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("not an isolation forest", e);
        }
    }

    IsolationForestModel withThreshold(double value) {
        IsolationForestState s = state;
        return new IsolationForestModel(new IsolationForestState(s.featureCount(), s.sampleSize(), value, s.roots(), s.feature(),
                s.split(), s.left(), s.right(), s.pathLength(), s.nodeRows()));
    }

    @Override
    public double score(float[] data, int offset) {
        return Math.pow(2, -forest.predictOne(data, offset) / normaliser);
    }

    public FlatForest forest() {
        return forest;
    }

    /** Whether its scores can be explained: forests stored before node row counts were kept cannot. */
    public boolean explainable() {
        return forest.hasCover();
    }

    /** c(sample size): the score is {@code 2^(-E(h) / c)}. */
    public double normaliser() {
        return normaliser;
    }

    @Override public String algorithm() { return IsolationForestTrainer.NAME; }
    @Override public int featureCount() { return state.featureCount(); }

    @Override
    public Map<String, byte[]> nativeFiles() {
        try {
            return Map.of("isolation_forest.json", JSON.writeValueAsBytes(state));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
