package io.vigil.engine.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.features.InvalidRecordException;
import java.lang.ref.Cleaner;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An imported ONNX graph behind the engine's {@link Model}, scored by ONNX Runtime: the feature
 * vector its pipeline makes holds one value per bound column (a number, or a category's position
 * in its known values, -1 missing, -2 unseen), which becomes the graph's input tensors again;
 * the margins are the probabilities the graph answers, and the link passes them on. One
 * {@code OrtSession}, shared by every thread (ONNX Runtime runs one session concurrently), closed
 * when the model is no longer reachable.
 */
public final class OnnxModel implements Model {
    /** What an unseen category reaches the graph as: a value no encoder of a graph knows. */
    static final String UNSEEN = "\u0000unseen";
    private static final Cleaner CLEANER = Cleaner.create();

    /** One graph input and the features that fill it, in order. */
    record Feed(String tensor, OnnxJavaType type, long[] shape, int[] features, List<List<String>> values) {}

    private final OrtSession session;
    private final List<Feed> feeds;
    private final String output;
    private final List<String> classes;
    private final int featureCount;
    private final Map<String, byte[]> nativeFiles;

    OnnxModel(OrtSession session, List<Feed> feeds, String output, List<String> classes, int featureCount, Map<String, byte[]> nativeFiles) {
        this.session = session;
        this.feeds = List.copyOf(feeds);
        this.output = output;
        this.classes = List.copyOf(classes);
        this.featureCount = featureCount;
        this.nativeFiles = Map.copyOf(nativeFiles);
        OrtSession s = session;
        CLEANER.register(this, () -> {
            try {
                s.close();
            } catch (OrtException ignored) {
                // the native session is gone with the process anyway
            }
        });
    }

    @Override public String algorithm() { return OnnxAlgorithms.NAME; }
    @Override public Task task() { return Task.CLASSIFICATION; }
    @Override public List<String> classes() { return classes; }
    @Override public int featureCount() { return featureCount; }
    @Override public int marginCount() { return classes.size(); }
    @Override public Map<String, byte[]> nativeFiles() { return nativeFiles; }

    @Override
    public void margins(float[] data, int offset, double[] out) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (Feed feed : feeds) inputs.put(feed.tensor(), tensor(env, feed, data, offset));
            try (OrtSession.Result result = session.run(inputs, java.util.Set.of(output))) {
                Object value = result.get(0).getValue();
                if (value instanceof float[][] f) {
                    for (int k = 0; k < out.length; k++) out[k] = f[0][k];
                } else {
                    double[][] d = (double[][]) value;
                    System.arraycopy(d[0], 0, out, 0, out.length);
                }
            }
        } catch (OrtException e) {
            throw new InvalidRecordException("the ONNX graph refused the record: " + e.getMessage());
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** The probabilities are the graph's answer already. */
    @Override
    public void probabilities(double[] margins, double[] out) {
        System.arraycopy(margins, 0, out, 0, out.length);
    }

    private static OnnxTensor tensor(OrtEnvironment env, Feed feed, float[] data, int offset) throws OrtException {
        int[] f = feed.features();
        switch (feed.type()) {
            case STRING -> {
                String[] s = new String[f.length];
                for (int i = 0; i < f.length; i++) {
                    float code = data[offset + f[i]];
                    List<String> values = feed.values().get(i);
                    s[i] = code >= 0 ? values.get((int) code) : code == -1 || code != code ? "" : UNSEEN;
                }
                return OnnxTensor.createTensor(env, s, feed.shape());
            }
            case DOUBLE -> {
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) d[i] = data[offset + f[i]];
                return OnnxTensor.createTensor(env, DoubleBuffer.wrap(d), feed.shape());
            }
            case INT64 -> {
                long[] l = new long[f.length];
                for (int i = 0; i < f.length; i++) {
                    float x = data[offset + f[i]];
                    if (x != x) throw new InvalidRecordException("the ONNX graph's integer input '" + feed.tensor() + "' takes no missing value");
                    l[i] = (long) x;
                }
                return OnnxTensor.createTensor(env, LongBuffer.wrap(l), feed.shape());
            }
            default -> {
                float[] v = new float[f.length];
                for (int i = 0; i < f.length; i++) v[i] = data[offset + f[i]];
                return OnnxTensor.createTensor(env, FloatBuffer.wrap(v), feed.shape());
            }
        }
    }
}
