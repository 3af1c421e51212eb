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

    /**
     * One graph input and the features that fill it, in order; {@code shape} is one row's, and
     * {@code batches} says the graph leaves the row count open (a block of rows goes in one run).
     */
    record Feed(String tensor, OnnxJavaType type, long[] shape, boolean batches, int[] features, List<List<String>> values) {
        long[] shape(int rows) {
            long[] s = shape.clone();
            s[0] = rows;
            return s;
        }
    }

    private final OrtSession session;
    private final List<Feed> feeds;
    private final String output;
    private final List<String> classes;
    private final int featureCount;
    private final Map<String, byte[]> nativeFiles;
    private final boolean batches;

    OnnxModel(OrtSession session, List<Feed> feeds, String output, List<String> classes, int featureCount, Map<String, byte[]> nativeFiles) {
        this.session = session;
        this.feeds = List.copyOf(feeds);
        this.output = output;
        this.classes = List.copyOf(classes);
        this.featureCount = featureCount;
        this.nativeFiles = Map.copyOf(nativeFiles);
        this.batches = feeds.stream().allMatch(Feed::batches);
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
        run(data, offset, 0, 1, out);
    }

    /** A block of rows in one run of the graph when every input leaves the row count open. */
    @Override
    public void margins(float[] data, int cols, int from, int to, double[] out) {
        if (!batches) {
            Model.super.margins(data, cols, from, to, out);
            return;
        }
        run(data, from * cols, cols, to - from, out);
    }

    /** Scores {@code rows} rows, the first at {@code data[offset]} and each {@code stride} further on, into {@code out} row after row. */
    private void run(float[] data, int offset, int stride, int rows, double[] out) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        int m = classes.size();
        try {
            for (Feed feed : feeds) inputs.put(feed.tensor(), tensor(env, feed, data, offset, stride, rows));
            try (OrtSession.Result result = session.run(inputs, java.util.Set.of(output))) {
                Object value = result.get(0).getValue();
                for (int r = 0; r < rows; r++) {
                    if (value instanceof float[][] f) {
                        for (int k = 0; k < m; k++) out[r * m + k] = f[r][k];
                    } else {
                        System.arraycopy(((double[][]) value)[r], 0, out, r * m, m);
                    }
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

    private static OnnxTensor tensor(OrtEnvironment env, Feed feed, float[] data, int offset, int stride, int rows) throws OrtException {
        int[] f = feed.features();
        int n = f.length;
        long[] shape = feed.shape(rows);
        switch (feed.type()) {
            case STRING -> {
                String[] s = new String[rows * n];
                for (int r = 0; r < rows; r++) {
                    for (int i = 0; i < n; i++) {
                        float code = data[offset + r * stride + f[i]];
                        List<String> values = feed.values().get(i);
                        s[r * n + i] = code >= 0 ? values.get((int) code) : code == -1 || code != code ? "" : UNSEEN;
                    }
                }
                return OnnxTensor.createTensor(env, s, shape);
            }
            case DOUBLE -> {
                double[] d = new double[rows * n];
                for (int r = 0; r < rows; r++) for (int i = 0; i < n; i++) d[r * n + i] = data[offset + r * stride + f[i]];
                return OnnxTensor.createTensor(env, DoubleBuffer.wrap(d), shape);
            }
            case INT64 -> {
                long[] l = new long[rows * n];
                for (int r = 0; r < rows; r++) {
                    for (int i = 0; i < n; i++) {
                        float x = data[offset + r * stride + f[i]];
                        if (x != x) throw new InvalidRecordException("the ONNX graph's integer input '" + feed.tensor() + "' takes no missing value");
                        l[r * n + i] = (long) x;
                    }
                }
                return OnnxTensor.createTensor(env, LongBuffer.wrap(l), shape);
            }
            default -> {
                float[] v = new float[rows * n];
                for (int r = 0; r < rows; r++) for (int i = 0; i < n; i++) v[r * n + i] = data[offset + r * stride + f[i]];
                return OnnxTensor.createTensor(env, FloatBuffer.wrap(v), shape);
            }
        }
    }
}
