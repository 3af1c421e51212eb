package io.vigil.neural;

import io.vigil.engine.algorithms.Links;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.Task;
import java.util.List;
import java.util.Map;

/**
 * A trained LSTM, scored by {@link LstmForward}'s plain-Java forward pass (equal to DL4J's
 * {@code output()} to 1e-5, without its per-call overhead and without DL4J's thread-unsafety).
 * The files are DL4J's configuration and parameters, so the network can always be rebuilt in DL4J.
 */
public final class LstmModel implements Model {
    private final LstmForward forward;
    private final List<String> classes;
    private final int timesteps;
    private final Map<String, byte[]> nativeFiles;

    LstmModel(LstmForward forward, List<String> classes, int timesteps, Map<String, byte[]> nativeFiles) {
        this.forward = forward;
        this.classes = List.copyOf(classes);
        this.timesteps = timesteps;
        this.nativeFiles = Map.copyOf(nativeFiles);
    }

    @Override public String algorithm() { return LstmTrainer.NAME; }
    @Override public Task task() { return Task.CLASSIFICATION; }
    @Override public List<String> classes() { return classes; }
    @Override public int featureCount() { return forward.channels() * timesteps; }
    @Override public int marginCount() { return classes.size() == 2 ? 1 : classes.size(); }
    @Override public Map<String, byte[]> nativeFiles() { return nativeFiles; }

    public int timesteps() {
        return timesteps;
    }

    @Override
    public void margins(float[] data, int offset, double[] out) {
        forward.margins(data, offset, out);
    }

    @Override
    public void probabilities(double[] margins, double[] out) {
        Links.apply(margins, out);
    }
}
