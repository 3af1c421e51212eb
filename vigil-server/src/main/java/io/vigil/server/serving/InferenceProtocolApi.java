package io.vigil.server.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.vigil.engine.table.ColumnKind;
import io.vigil.server.http.ApiException;
import io.vigil.server.http.FieldError;
import io.vigil.server.http.Json;
import io.vigil.server.http.Problem;
import io.vigil.server.http.Uuids;
import io.vigil.server.models.ModelRepository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Open Inference Protocol v2 (KServe / Triton REST), so existing clients can score: health,
 * model metadata and readiness, and {@code infer}. A model is addressed by its name. Inputs are
 * either one tensor per feature (shape {@code [N]} or {@code [N, 1]}, named like the model's
 * inputs) or one {@code [N, F]} tensor whose columns follow the model's input order. Outputs are
 * {@code label} (BYTES), {@code probabilities} (FP64 {@code [N, classes]}), {@code confidence}
 * and, for anomaly detectors, {@code anomaly_score}; {@code prediction_id} (BYTES) when asked for.
 * Errors carry the protocol's {@code "error"} member inside a problem document.
 */
public final class InferenceProtocolApi {
    private static final Set<String> OUTPUTS = Set.of("label", "probabilities", "confidence", "anomaly_score", "prediction_id");
    private static final Set<String> DEFAULT_OUTPUTS = Set.of("label", "probabilities", "confidence", "anomaly_score");

    private final ModelResolver resolver;
    private final Predictor predictor;
    private final ModelRepository repository;

    InferenceProtocolApi(ModelResolver resolver, Predictor predictor, ModelRepository repository) {
        this.resolver = resolver;
        this.predictor = predictor;
        this.repository = repository;
    }

    public void live(Context ctx) {
        ctx.json(Map.of("live", true));
    }

    public void modelReady(Context ctx) {
        guarded(ctx, () -> {
            LoadedModel m = model(ctx);
            return Map.of("name", m.ref().name(), "ready", true);
        });
    }

    public void metadata(Context ctx) {
        guarded(ctx, () -> {
            LoadedModel m = model(ctx);
            List<String> versions = repository.withHandle(h -> repository.versions(h, m.ref().id())).stream()
                    .map(v -> Integer.toString(v.version())).toList();
            List<Map<String, Object>> inputs = new ArrayList<>();
            for (String name : m.inputNames()) {
                inputs.add(tensor(name, m.inputKinds().get(name) == ColumnKind.NUMERIC ? "FP64" : "BYTES", List.of(-1)));
            }
            List<Map<String, Object>> outputs = new ArrayList<>();
            outputs.add(tensor("label", "BYTES", List.of(-1)));
            outputs.add(tensor("probabilities", "FP64", List.of(-1, m.trained().classes().size())));
            outputs.add(tensor("confidence", "FP64", List.of(-1)));
            if (m.isDetector()) {
                outputs.add(tensor("anomaly_score", "FP64", List.of(-1)));
            }
            outputs.add(tensor("prediction_id", "BYTES", List.of(-1))); // only when asked for
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", m.ref().name());
            out.put("versions", versions);
            out.put("platform", "vigil-" + m.trained().model().algorithm());
            out.put("inputs", inputs);
            out.put("outputs", outputs);
            return out;
        });
    }

    /** {@code infer}: the tensors are read as they stream and scored column by column; one log record for the batch. */
    public void infer(Context ctx) {
        guarded(ctx, () -> {
            LoadedModel m = model(ctx);
            InferenceRequest request = InferenceRequest.read(ctx.bodyAsBytes());
            Set<String> wanted = wantedOutputs(request.outputs(), m);
            ScoredTable scored = predictor.predictTable(m, TensorTable.of(m, request.inputs()));
            return response(m, request, scored, wanted);
        });
    }

    /** The response, written straight from the scored arrays. */
    private static byte[] response(LoadedModel m, InferenceRequest request, ScoredTable s, Set<String> wanted) {
        int n = s.rows();
        int classes = s.classes().size();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + n * (24 + 24 * classes));
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("model_name", m.ref().name());
            g.writeStringField("model_version", Integer.toString(m.ref().version()));
            if (request.id() != null) {
                g.writeStringField("id", request.id());
            }
            g.writeArrayFieldStart("outputs");
            if (wanted.contains("label")) {
                startTensor(g, "label", "BYTES", n);
                for (int r = 0; r < n; r++) {
                    g.writeString(s.label(r));
                }
                endTensor(g);
            }
            if (wanted.contains("probabilities")) {
                startTensor(g, "probabilities", "FP64", n, classes);
                for (double p : s.probabilities()) {
                    g.writeNumber(p);
                }
                endTensor(g);
            }
            if (wanted.contains("confidence")) {
                startTensor(g, "confidence", "FP64", n);
                for (int r = 0; r < n; r++) {
                    g.writeNumber(s.confidence(r));
                }
                endTensor(g);
            }
            if (wanted.contains("anomaly_score") && s.anomalyScores() != null) {
                startTensor(g, "anomaly_score", "FP64", n);
                for (double a : s.anomalyScores()) {
                    g.writeNumber(a);
                }
                endTensor(g);
            }
            if (wanted.contains("prediction_id")) {
                startTensor(g, "prediction_id", "BYTES", n);
                for (int r = 0; r < n; r++) {
                    g.writeString(Uuids.inBlock(s.firstId(), r).toString());
                }
                endTensor(g);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    private static void startTensor(JsonGenerator g, String name, String datatype, int... shape) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("datatype", datatype);
        g.writeArrayFieldStart("shape");
        for (int d : shape) {
            g.writeNumber(d);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("data");
    }

    private static void endTensor(JsonGenerator g) throws IOException {
        g.writeEndArray();
        g.writeEndObject();
    }

    private LoadedModel model(Context ctx) {
        String v = ctx.pathParamMap().get("version");
        Integer version = null;
        if (v != null) {
            try {
                version = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw ApiException.notFound("model " + ctx.pathParam("name") + " has no version '" + v + "'");
            }
        }
        return resolver.resolve(ModelSelector.ofName(ctx.pathParam("name"), version));
    }

    /** The outputs asked for; none named means the default ones (prediction ids only when asked). */
    private static Set<String> wantedOutputs(List<String> outputs, LoadedModel m) {
        if (outputs.isEmpty()) {
            return DEFAULT_OUTPUTS;
        }
        Set<String> wanted = new java.util.HashSet<>();
        for (String name : outputs) {
            if (!OUTPUTS.contains(name) || (name.equals("anomaly_score") && !m.isDetector())) {
                throw ApiException.badRequest("unknown output '" + name + "'; this model gives label, probabilities, confidence"
                        + (m.isDetector() ? ", anomaly_score" : "") + ", prediction_id");
            }
            wanted.add(name);
        }
        return wanted;
    }

    private static Map<String, Object> tensor(String name, String datatype, List<Integer> shape) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        t.put("datatype", datatype);
        t.put("shape", shape);
        return t;
    }

    /** Runs a handler and answers its failure the protocol's way: {@code {"error": "..."}}. */
    private static void guarded(Context ctx, java.util.function.Supplier<Object> work) {
        try {
            Object result = work.get();
            if (result instanceof byte[] json) {
                ctx.contentType(ContentType.APPLICATION_JSON).result(json);
            } else {
                ctx.json(result);
            }
        } catch (ApiException e) {
            StringBuilder message = new StringBuilder(e.detail());
            if (e.errors().size() > 1) {
                for (FieldError f : e.errors()) {
                    message.append("; ").append(f.field()).append(": ").append(f.message());
                }
            }
            int status = e.status() == 422 ? 400 : e.status();
            // the protocol's "error" inside an RFC 7807 document, like every other error of Vigil
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("error", message.toString());
            problem.put("title", e.title());
            problem.put("status", status);
            problem.put("detail", message.toString());
            ctx.status(status).contentType(Problem.MEDIA_TYPE).result(Json.write(problem));
        }
    }
}
