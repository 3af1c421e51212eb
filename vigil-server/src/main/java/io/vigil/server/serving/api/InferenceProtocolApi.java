package io.vigil.server.serving.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.vigil.engine.algorithms.ScoredRows;
import io.vigil.engine.features.InputField;
import io.vigil.server.core.FieldError;
import io.vigil.server.core.Json;
import io.vigil.server.core.Uuids;
import io.vigil.server.core.VigilException;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Problem;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.serving.models.LoadedModel;
import io.vigil.server.serving.models.ModelResolver;
import io.vigil.server.serving.models.ModelSelector;
import io.vigil.server.serving.scoring.Predictor;
import io.vigil.server.serving.scoring.ScoredTable;
import io.vigil.server.serving.scoring.TensorTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Open Inference Protocol v2 (KServe / Triton REST), so existing clients can score: health,
 * server metadata, model metadata and readiness, and {@code infer}. A model is addressed by its
 * name, a version by its number. Inputs are
 * either one tensor per feature (shape {@code [N]} or {@code [N, 1]}, named like the model's
 * inputs) or one {@code [N, F]} tensor whose columns follow the model's input order. Outputs are
 * {@code label} (BYTES), {@code probabilities} (FP32 {@code [N, classes]}), {@code confidence}
 * and, for anomaly detectors, {@code anomaly_score}; {@code prediction_id} (BYTES) when asked for.
 * Inputs and outputs may use the binary tensor data extension ({@link BinaryTensors}). Errors carry
 * the protocol's {@code "error"} member inside a problem document, with the protocol's 400 for a
 * request that does not fit the model.
 */
public final class InferenceProtocolApi {
    private static final Set<String> OUTPUTS = Set.of("label", "probabilities", "confidence", "anomaly_score", "prediction_id");
    /** The binary data extension's header: how many bytes of the body are JSON. */
    static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    private static final Set<String> DEFAULT_OUTPUTS = Set.of("label", "probabilities", "confidence", "anomaly_score");
    /** The protocol extensions served, by the names Triton and KServe clients know them by. */
    static final List<String> EXTENSIONS = List.of("binary_tensor_data");

    private final ModelResolver resolver;
    private final Predictor predictor;
    private final ModelRepository repository;

    public InferenceProtocolApi(ModelResolver resolver, Predictor predictor, ModelRepository repository) {
        this.resolver = resolver;
        this.predictor = predictor;
        this.repository = repository;
    }

    public void live(Context ctx) {
        ctx.json(new ProtocolAnswers.Live(true));
    }

    /** {@code GET /v2}: the server's name, version and the protocol extensions it supports. */
    public void serverMetadata(Context ctx) {
        ctx.json(new ProtocolAnswers.ServerMetadata("vigil", io.vigil.server.Vigil.VERSION, EXTENSIONS));
    }

    /** {@code GET /v2/models/{name}[/versions/{version}]/ready}: 200 when it can score, else the error (4xx). */
    public void modelReady(Context ctx) {
        guarded(ctx, () -> {
            LoadedModel m = model(ctx);
            return new ProtocolAnswers.ModelReady(m.ref().name(), true);
        });
    }

    public void metadata(Context ctx) {
        guarded(ctx, () -> {
            LoadedModel m = model(ctx);
            List<String> versions = repository.withHandle(h -> repository.versions(h, m.ref().id())).stream()
                    .map(v -> Integer.toString(v.version())).toList();
            List<ProtocolAnswers.TensorMetadata> inputs = new ArrayList<>();
            for (String name : m.inputNames()) {
                inputs.add(tensor(name, datatype(m.inputFields().get(name)), List.of(-1)));
            }
            List<ProtocolAnswers.TensorMetadata> outputs = new ArrayList<>();
            outputs.add(tensor("label", "BYTES", List.of(-1)));
            outputs.add(tensor("probabilities", "FP32", List.of(-1, m.trained().classes().size())));
            outputs.add(tensor("confidence", "FP32", List.of(-1)));
            if (m.isDetector()) {
                outputs.add(tensor("anomaly_score", "FP32", List.of(-1)));
            }
            outputs.add(tensor("prediction_id", "BYTES", List.of(-1))); // only when asked for
            return new ProtocolAnswers.ModelMetadata(m.ref().name(), versions, "vigil-" + m.trained().model().algorithm(),
                    inputs, outputs);
        });
    }

    /** {@code infer}: the tensors are read as they stream and scored column by column; one log record for the batch. */
    public void infer(Context ctx) {
        guarded(ctx, () -> {
            LoadedModel m = model(ctx);
            byte[] body = Bodies.bytes(ctx);
            InferenceRequest request = InferenceRequest.read(body, jsonLength(ctx, body));
            Map<String, Boolean> wanted = wantedOutputs(request, m);
            ScoredTable scored = predictor.predictTable(m, TensorTable.of(m, request.inputs()));
            return response(m, request, scored, wanted);
        });
    }

    /** The JSON part of a body: all of it, or as long as the binary data extension's header says. */
    private static int jsonLength(Context ctx, byte[] body) {
        String header = ctx.header(HEADER_LENGTH);
        if (header == null) {
            return body.length;
        }
        try {
            return Integer.parseInt(header.strip());
        } catch (NumberFormatException e) {
            throw VigilException.badRequest(HEADER_LENGTH + " must be a number of bytes, got '" + header + "'");
        }
    }

    /** A response body: JSON, then (binary data extension) the binary outputs from {@code jsonLength} on. */
    private record Encoded(byte[] body, int jsonLength) {}

    /**
     * The response, written straight from the scored arrays, each output as JSON or as binary data
     * (as asked). Scores go out as FP32: the trees' leaves are floats, and printing a double's 17
     * digits took longer than scoring the row.
     */
    private static Encoded response(LoadedModel m, InferenceRequest request, ScoredTable s, Map<String, Boolean> wanted) {
        ScoredRows o = s.outputs();
        int n = o.rows();
        int classes = o.classCount();
        ByteArrayOutputStream json = new ByteArrayOutputStream(256 + n * (24 + 24 * classes));
        ByteArrayOutputStream binary = new ByteArrayOutputStream(0);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(json)) {
            g.writeStartObject();
            g.writeStringField("model_name", m.ref().name());
            g.writeStringField("model_version", Integer.toString(m.ref().version()));
            if (request.id() != null) {
                g.writeStringField("id", request.id());
            }
            g.writeArrayFieldStart("outputs");
            if (wanted.containsKey("label")) {
                List<String> labels = new ArrayList<>(n);
                for (int r = 0; r < n; r++) {
                    labels.add(o.label(r));
                }
                strings(g, binary, "label", labels, wanted.get("label"));
            }
            if (wanted.containsKey("probabilities")) {
                floats(g, binary, "probabilities", o.probabilities(), n * classes, wanted.get("probabilities"), n, classes);
            }
            if (wanted.containsKey("confidence")) {
                double[] confidence = new double[n];
                for (int r = 0; r < n; r++) {
                    confidence[r] = o.confidence(r);
                }
                floats(g, binary, "confidence", confidence, n, wanted.get("confidence"), n);
            }
            if (wanted.containsKey("anomaly_score") && o.hasAnomalyScores()) {
                floats(g, binary, "anomaly_score", o.anomalyScores(), n, wanted.get("anomaly_score"), n);
            }
            if (wanted.containsKey("prediction_id")) {
                List<String> ids = new ArrayList<>(n);
                for (int r = 0; r < n; r++) {
                    ids.add(Uuids.inBlock(s.firstId(), r).toString());
                }
                strings(g, binary, "prediction_id", ids, wanted.get("prediction_id"));
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        int jsonLength = json.size();
        json.writeBytes(binary.toByteArray());
        return new Encoded(json.toByteArray(), jsonLength);
    }

    private static void floats(JsonGenerator g, ByteArrayOutputStream binary, String name, double[] values, int count,
                               boolean asBinary, int... shape) throws IOException {
        startTensor(g, name, "FP32", shape);
        if (asBinary) {
            binaryData(g, count * 4L);
            BinaryTensors.writeFloats(binary, values, count);
        } else {
            g.writeArrayFieldStart("data");
            for (int i = 0; i < count; i++) {
                g.writeNumber((float) values[i]);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, ByteArrayOutputStream binary, String name, List<String> values,
                                boolean asBinary) throws IOException {
        startTensor(g, name, "BYTES", values.size());
        if (asBinary) {
            int before = binary.size();
            BinaryTensors.writeStrings(binary, values);
            binaryData(g, binary.size() - before);
        } else {
            g.writeArrayFieldStart("data");
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void binaryData(JsonGenerator g, long size) throws IOException {
        g.writeObjectFieldStart("parameters");
        g.writeNumberField("binary_data_size", size);
        g.writeEndObject();
    }

    /** Opens an output tensor object; its data (or binary size) and end follow. */
    private static void startTensor(JsonGenerator g, String name, String datatype, int... shape) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("datatype", datatype);
        g.writeArrayFieldStart("shape");
        for (int d : shape) {
            g.writeNumber(d);
        }
        g.writeEndArray();
    }

    private LoadedModel model(Context ctx) {
        String v = ctx.pathParamMap().get("version");
        Integer version = null;
        if (v != null) {
            try {
                version = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw VigilException.notFound("model " + ctx.pathParam("name") + " has no version '" + v + "'");
            }
        }
        return resolver.resolve(ModelSelector.ofName(ctx.pathParam("name"), version));
    }

    /**
     * The outputs asked for, each with whether it goes out as binary data; none named means the
     * default ones (prediction ids only when asked for).
     */
    private static Map<String, Boolean> wantedOutputs(InferenceRequest request, LoadedModel m) {
        Map<String, Boolean> wanted = new HashMap<>();
        if (request.outputs().isEmpty()) {
            DEFAULT_OUTPUTS.forEach(name -> wanted.put(name, request.binaryOutput()));
            return wanted;
        }
        for (InferenceRequest.Output o : request.outputs()) {
            if (!OUTPUTS.contains(o.name()) || (o.name().equals("anomaly_score") && !m.isDetector())) {
                throw VigilException.badRequest("unknown output '" + o.name() + "'; this model gives label, probabilities, confidence"
                        + (m.isDetector() ? ", anomaly_score" : "") + ", prediction_id");
            }
            wanted.put(o.name(), o.binary() != null ? o.binary() : request.binaryOutput());
        }
        return wanted;
    }

    /** The tensor type an input is described with: BOOL for true/false inputs, FP64 for other numbers, BYTES for text. */
    private static String datatype(InputField input) {
        return switch (input.valueType()) {
            case BOOLEAN -> "BOOL";
            case CATEGORICAL, TEXT -> "BYTES";
            case NUMERIC, INTEGER, TIMESTAMP -> "FP64";
        };
    }

    private static ProtocolAnswers.TensorMetadata tensor(String name, String datatype, List<Integer> shape) {
        return new ProtocolAnswers.TensorMetadata(name, datatype, shape);
    }

    /** Runs a handler and answers its failure the protocol's way: {@code {"error": "..."}}. */
    private static void guarded(Context ctx, java.util.function.Supplier<Object> work) {
        try {
            Object result = work.get();
            if (result instanceof Encoded e && e.jsonLength() < e.body().length) {
                ctx.header(HEADER_LENGTH, Integer.toString(e.jsonLength()));
                Bodies.send(ctx, ContentType.OCTET_STREAM, e.body());
            } else if (result instanceof Encoded e) {
                Bodies.send(ctx, ContentType.JSON, e.body());
            } else {
                ctx.json(result);
            }
        } catch (VigilException e) {
            StringBuilder message = new StringBuilder(e.detail());
            if (e.errors().size() > 1) {
                for (FieldError f : e.errors()) {
                    message.append("; ").append(f.field()).append(": ").append(f.message());
                }
            }
            // the protocol answers a request that does not fit the model with 400, and says all in "error"
            VigilException answered = e.withDetail(e.kind() == VigilException.Kind.UNPROCESSABLE ? VigilException.Kind.BAD_REQUEST
                    : e.kind(), message.toString());
            // the protocol's "error" inside an RFC 7807 document, like every other error of Vigil
            Map<String, Object> problem = new LinkedHashMap<>();
            Problem document = Problem.of(answered, ctx);
            problem.put("error", answered.detail());
            problem.putAll(Json.MAPPER.convertValue(document, Map.class));
            ctx.status(document.status()).contentType(Problem.MEDIA_TYPE).result(Json.write(problem));
        }
    }
}
