package io.vigil.engine.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vigil.engine.features.FeatureEncoder;
import io.vigil.engine.features.NumericEncoder;
import io.vigil.engine.features.Pipeline;
import io.vigil.engine.table.Column;
import io.vigil.engine.table.NumericColumn;
import io.vigil.engine.table.Table;
import java.util.HashMap;
import java.util.Map;

/**
 * Scores a table with an exported ONNX file in ONNX Runtime, the way any ONNX user would: each raw
 * column as its own {@code [N, 1]} tensor (doubles, or strings with "" for a missing category).
 * In the test jar, so vigil-neural's tests compare the perceptron the same way.
 */
public final class OnnxRuntimeScores {
    private OnnxRuntimeScores() {
    }

    public record Scores(String[] labels, double[][] probabilities) {}

    public static Scores score(byte[] onnx, Pipeline pipeline, Table table) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            int rows = table.rowCount();
            for (FeatureEncoder encoder : pipeline.encoders()) {
                Column column = table.column(encoder.column());
                if (encoder instanceof NumericEncoder) {
                    double[][] values = new double[rows][1];
                    for (int r = 0; r < rows; r++) {
                        values[r][0] = column instanceof NumericColumn n ? n.values()[r] : Double.parseDouble(column.text(r));
                    }
                    inputs.put(encoder.column(), OnnxTensor.createTensor(env, values));
                } else {
                    String[][] values = new String[rows][1];
                    for (int r = 0; r < rows; r++) values[r][0] = column.text(r) == null ? "" : column.text(r);
                    inputs.put(encoder.column(), OnnxTensor.createTensor(env, values));
                }
            }
            try (OrtSession.Result result = session.run(inputs)) {
                String[] labels = (String[]) result.get(OnnxExport.LABEL).orElseThrow().getValue();
                double[][] probabilities = (double[][]) result.get(OnnxExport.PROBABILITIES).orElseThrow().getValue();
                return new Scores(labels, probabilities);
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }
}
