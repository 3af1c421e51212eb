package io.vigil.neural;

import io.vigil.engine.algorithms.Links;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.features.FeatureMatrix;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A trained LSTM, evaluated by DL4J. A DL4J network is not thread-safe, so each call borrows a
 * clone from a pool (growing to the number of concurrent callers) and returns it. Margins are
 * recovered from DL4J's probabilities (logit for binary, log-probabilities for softmax), which
 * {@link Links#apply} maps back to the same probabilities. Whole matrices go through in batches.
 */
public final class LstmModel implements Model {
    private static final int BATCH = 512;

    private final MultiLayerNetwork prototype;
    private final ConcurrentLinkedDeque<MultiLayerNetwork> idle = new ConcurrentLinkedDeque<>();
    private final List<String> classes;
    private final int timesteps;
    private final int featureCount;
    private final Map<String, byte[]> nativeFiles;
    private final Rows.Shape shape;

    LstmModel(MultiLayerNetwork net, List<String> classes, int timesteps) {
        this.prototype = net;
        this.classes = List.copyOf(classes);
        this.timesteps = timesteps;
        this.featureCount = (int) net.layerInputSize(0) * timesteps;
        this.nativeFiles = NetworkFiles.write(net);
        this.shape = Rows.sequence(timesteps);
        idle.push(net.clone());
    }

    @Override public String algorithm() { return LstmTrainer.NAME; }
    @Override public Task task() { return Task.CLASSIFICATION; }
    @Override public List<String> classes() { return classes; }
    @Override public int featureCount() { return featureCount; }
    @Override public int marginCount() { return classes.size() == 2 ? 1 : classes.size(); }
    @Override public Map<String, byte[]> nativeFiles() { return nativeFiles; }

    public int timesteps() {
        return timesteps;
    }

    @Override
    public void margins(float[] data, int offset, double[] out) {
        float[] row = Arrays.copyOfRange(data, offset, offset + featureCount);
        float[][] p = output(row, 1);
        toMargins(p[0], out);
    }

    @Override
    public void probabilities(double[] margins, double[] out) {
        Links.apply(margins, out);
    }

    @Override
    public double[][] probabilities(FeatureMatrix x) {
        double[][] out = new double[x.rows()][];
        double[] margins = new double[marginCount()];
        for (int from = 0; from < x.rows(); from += BATCH) {
            int n = Math.min(BATCH, x.rows() - from);
            float[][] p = output(Arrays.copyOfRange(x.data(), from * x.cols(), (from + n) * x.cols()), n);
            for (int i = 0; i < n; i++) {
                toMargins(p[i], margins);
                out[from + i] = new double[classes.size()];
                Links.apply(margins, out[from + i]);
            }
        }
        return out;
    }

    @Override
    public double[] scores(FeatureMatrix x) {
        double[][] p = probabilities(x);
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) out[i] = p[i][p[i].length - 1];
        return out;
    }

    /** DL4J's output for {@code rows} consecutive rows of {@code data}. */
    private float[][] output(float[] data, int rows) {
        MultiLayerNetwork net = idle.poll();
        if (net == null) net = prototype.clone();
        try {
            return net.output(shape.features(data, featureCount, Rows.all(rows)), false).toFloatMatrix();
        } finally {
            idle.push(net);
        }
    }

    private static void toMargins(float[] p, double[] out) {
        if (p.length == 1) {
            double q = Math.min(Math.max(p[0], 1e-7), 1 - 1e-7);
            out[0] = Math.log(q / (1 - q));
        } else {
            for (int k = 0; k < p.length; k++) out[k] = Math.log(Math.max(p[k], 1e-30));
        }
    }
}
