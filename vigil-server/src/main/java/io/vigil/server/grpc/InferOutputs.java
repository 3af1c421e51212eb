package io.vigil.server.grpc;

import com.google.protobuf.ByteString;
import inference.GrpcPredictV2.InferParameter;
import inference.GrpcPredictV2.InferTensorContents;
import inference.GrpcPredictV2.ModelInferRequest;
import inference.GrpcPredictV2.ModelInferResponse;
import inference.GrpcPredictV2.ModelInferResponse.InferOutputTensor;
import io.vigil.engine.algorithms.ScoredRows;
import io.vigil.server.core.Json;
import io.vigil.server.core.Uuids;
import io.vigil.server.core.VigilException;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.scoring.PredictionResult;
import io.vigil.server.serving.scoring.ScoredTable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The output tensors of a scored request, the values {@code /ml/predict} answers: {@code label}
 * (BYTES), {@code probabilities} (FP64 {@code [N, classes]} in the model's class order),
 * {@code confidence} (FP64), {@code anomaly_score} (FP64, detectors), {@code prediction_id} (BYTES);
 * {@code explanation} and {@code threat} (BYTES, each row's JSON as REST writes it) when there are
 * some. Scores are doubles, so they equal REST's to the last digit. As typed contents, or as
 * {@code raw_output_contents} when the request's parameter {@code raw_output} is true.
 */
final class InferOutputs {
    static final Set<String> NAMES = Set.of("label", "probabilities", "confidence", "anomaly_score", "prediction_id", "explanation",
            "threat");

    private final int rows;
    private final List<String> classes;
    private final String[] labels;
    private final double[] probabilities;
    private final double[] confidence;
    private final double[] anomalyScores; // null: not a detector
    private final String[] ids;
    private final String[] explanations; // null: none asked for
    private final String[] threats; // null: not judged

    private InferOutputs(int rows, List<String> classes, String[] labels, double[] probabilities, double[] confidence,
                         double[] anomalyScores, String[] ids, String[] explanations, String[] threats) {
        this.rows = rows;
        this.classes = classes;
        this.labels = labels;
        this.probabilities = probabilities;
        this.confidence = confidence;
        this.anomalyScores = anomalyScores;
        this.ids = ids;
        this.explanations = explanations;
        this.threats = threats;
    }

    /** A table scored by columns. */
    static InferOutputs of(ScoredTable scored) {
        ScoredRows o = scored.outputs();
        int n = o.rows();
        String[] labels = new String[n];
        double[] confidence = new double[n];
        String[] ids = new String[n];
        for (int r = 0; r < n; r++) {
            labels[r] = o.label(r);
            confidence[r] = o.confidence(r);
            ids[r] = Uuids.inBlock(scored.firstId(), r).toString();
        }
        double[] probabilities = java.util.Arrays.copyOf(o.probabilities(), n * o.classCount());
        double[] anomaly = o.hasAnomalyScores() ? java.util.Arrays.copyOf(o.anomalyScores(), n) : null;
        return new InferOutputs(n, o.classes(), labels, probabilities, confidence, anomaly, ids, null, null);
    }

    /** Records scored one by one, each a {@code /ml/predict} answer. */
    static InferOutputs of(LoadedModel model, List<PredictionResult> results) {
        int n = results.size();
        List<String> classes = model.trained().classes();
        String[] labels = new String[n];
        double[] probabilities = new double[n * classes.size()];
        double[] confidence = new double[n];
        double[] anomaly = model.isDetector() ? new double[n] : null;
        String[] ids = new String[n];
        String[] explanations = null;
        String[] threats = null;
        for (int r = 0; r < n; r++) {
            PredictionResult p = results.get(r);
            labels[r] = p.label();
            confidence[r] = p.confidence();
            ids[r] = p.predictionId().toString();
            for (int c = 0; c < classes.size(); c++) {
                Double v = p.probabilities().get(classes.get(c));
                probabilities[r * classes.size() + c] = v == null ? Double.NaN : v;
            }
            if (anomaly != null) {
                anomaly[r] = p.anomalyScore() == null ? Double.NaN : p.anomalyScore();
            }
            if (p.explanation() != null) {
                explanations = explanations == null ? new String[n] : explanations;
                explanations[r] = Json.write(p.explanation());
            }
            if (p.threat() != null) {
                threats = threats == null ? new String[n] : threats;
                threats[r] = Json.write(p.threat());
            }
        }
        return new InferOutputs(n, classes, labels, probabilities, confidence, anomaly, ids, explanations, threats);
    }

    /** The outputs a request asked for (all there are when it names none), as its response. */
    ModelInferResponse response(LoadedModel model, ModelInferRequest request) {
        Set<String> wanted = new LinkedHashSet<>();
        if (request.getOutputsCount() == 0) {
            wanted.addAll(List.of("label", "probabilities", "confidence", "anomaly_score", "prediction_id", "explanation", "threat"));
        } else {
            for (ModelInferRequest.InferRequestedOutputTensor o : request.getOutputsList()) {
                if (!NAMES.contains(o.getName()) || (o.getName().equals("anomaly_score") && anomalyScores == null)) {
                    throw VigilException.badRequest("unknown output '" + o.getName() + "'; this model gives label, probabilities, "
                            + "confidence" + (anomalyScores != null ? ", anomaly_score" : "") + ", prediction_id, explanation (when asked "
                            + "for with the parameter explain) and threat (for a model type whose verdicts are judged)");
                }
                wanted.add(o.getName());
            }
        }
        boolean raw = parameter(request.getParametersMap(), "raw_output");
        ModelInferResponse.Builder answer = ModelInferResponse.newBuilder()
                .setModelName(model.ref().name()).setModelVersion(Integer.toString(model.ref().version())).setId(request.getId());
        for (String name : wanted) {
            switch (name) {
                case "label" -> strings(answer, raw, name, labels);
                case "probabilities" -> doubles(answer, raw, name, probabilities, rows, classes.size());
                case "confidence" -> doubles(answer, raw, name, confidence, rows);
                case "anomaly_score" -> {
                    if (anomalyScores != null) doubles(answer, raw, name, anomalyScores, rows);
                }
                case "prediction_id" -> strings(answer, raw, name, ids);
                case "explanation" -> {
                    if (explanations != null) strings(answer, raw, name, explanations);
                }
                case "threat" -> {
                    if (threats != null) strings(answer, raw, name, threats);
                }
                default -> throw new IllegalStateException(name);
            }
        }
        return answer.build();
    }

    /** A boolean parameter: absent is false; anything but a bool is a bad request. */
    static boolean parameter(Map<String, InferParameter> parameters, String name) {
        InferParameter p = parameters.get(name);
        if (p == null) {
            return false;
        }
        if (p.getParameterChoiceCase() != InferParameter.ParameterChoiceCase.BOOL_PARAM) {
            throw VigilException.badRequest("parameter '" + name + "' is a bool_param (true or false)");
        }
        return p.getBoolParam();
    }

    private static void doubles(ModelInferResponse.Builder answer, boolean raw, String name, double[] values, long... shape) {
        InferOutputTensor.Builder t = InferOutputTensor.newBuilder().setName(name).setDatatype("FP64");
        for (long d : shape) t.addShape(d);
        if (raw) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) b.putDouble(v);
            answer.addRawOutputContents(ByteString.copyFrom(b.array()));
        } else {
            InferTensorContents.Builder c = InferTensorContents.newBuilder();
            for (double v : values) c.addFp64Contents(v);
            t.setContents(c);
        }
        answer.addOutputs(t);
    }

    private static void strings(ModelInferResponse.Builder answer, boolean raw, String name, String[] values) {
        InferOutputTensor.Builder t = InferOutputTensor.newBuilder().setName(name).setDatatype("BYTES").addShape(values.length);
        if (raw) {
            ByteString.Output out = ByteString.newOutput();
            for (String v : values) {
                byte[] bytes = (v == null ? "" : v).getBytes(StandardCharsets.UTF_8);
                int n = bytes.length;
                out.write(n);
                out.write(n >>> 8);
                out.write(n >>> 16);
                out.write(n >>> 24);
                out.write(bytes, 0, n);
            }
            answer.addRawOutputContents(out.toByteString());
        } else {
            InferTensorContents.Builder c = InferTensorContents.newBuilder();
            for (String v : values) c.addBytesContents(ByteString.copyFromUtf8(v == null ? "" : v));
            t.setContents(c);
        }
        answer.addOutputs(t);
    }
}
