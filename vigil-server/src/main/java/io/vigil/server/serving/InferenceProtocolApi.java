package io.vigil.server.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.vigil.engine.table.ColumnKind;
import io.vigil.server.http.ApiException;
import io.vigil.server.http.FieldError;
import io.vigil.server.http.Json;
import io.vigil.server.http.Problem;
import io.vigil.server.models.ModelRepository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
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
 * and, for anomaly detectors, {@code anomaly_score}. Errors carry the protocol's {@code "error"}
 * member inside a problem document.
 */
public final class InferenceProtocolApi {
    private static final Set<String> OUTPUTS = Set.of("label", "probabilities", "confidence", "anomaly_score");

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
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", m.ref().name());
            out.put("versions", versions);
            out.put("platform", "vigil-" + m.trained().model().algorithm());
            out.put("inputs", inputs);
            out.put("outputs", outputs);
            return out;
        });
    }

    public void infer(Context ctx) {
        guarded(ctx, () -> {
            LoadedModel m = model(ctx);
            JsonNode body = body(ctx);
            List<Map<String, Object>> records = records(m, body.path("inputs"));
            List<PredictionResult> results = predictor.predictAll(m, records);
            Set<String> wanted = wantedOutputs(body.path("outputs"), m);
            List<Map<String, Object>> outputs = new ArrayList<>();
            int n = results.size();
            List<String> classes = m.trained().classes();
            if (wanted.contains("label")) {
                outputs.add(tensor("label", "BYTES", List.of(n), results.stream().map(PredictionResult::label).toList()));
            }
            if (wanted.contains("probabilities")) {
                List<Double> flat = new ArrayList<>(n * classes.size());
                results.forEach(r -> classes.forEach(c -> flat.add(r.probabilities().get(c))));
                outputs.add(tensor("probabilities", "FP64", List.of(n, classes.size()), flat));
            }
            if (wanted.contains("confidence")) {
                outputs.add(tensor("confidence", "FP64", List.of(n), results.stream().map(PredictionResult::confidence).toList()));
            }
            if (wanted.contains("anomaly_score") && m.isDetector()) {
                outputs.add(tensor("anomaly_score", "FP64", List.of(n), results.stream().map(PredictionResult::anomalyScore).toList()));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model_name", m.ref().name());
            out.put("model_version", Integer.toString(m.ref().version()));
            if (body.hasNonNull("id")) {
                out.put("id", body.get("id").asText());
            }
            out.put("outputs", outputs);
            return out;
        });
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

    private static JsonNode body(Context ctx) {
        try {
            JsonNode body = Json.MAPPER.readTree(ctx.bodyAsBytes());
            if (body == null || !body.isObject()) {
                throw ApiException.badRequest("the body must be an inference request object");
            }
            return body;
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getMessage());
        }
    }

    /** Turns the request's tensors into one record per row. */
    private static List<Map<String, Object>> records(LoadedModel m, JsonNode inputs) {
        if (!inputs.isArray() || inputs.isEmpty()) {
            throw ApiException.badRequest("'inputs' must be a non-empty list of tensors");
        }
        if (inputs.size() == 1 && inputs.get(0).path("shape").size() == 2 && !m.inputKinds().containsKey(inputs.get(0).path("name").asText())) {
            return fromMatrix(m, inputs.get(0));
        }
        Integer rows = null;
        Map<String, List<JsonNode>> columns = new LinkedHashMap<>();
        for (JsonNode t : inputs) {
            String name = t.path("name").asText("");
            List<JsonNode> values = flatten(t.path("data"));
            int n = t.path("shape").size() > 0 ? t.path("shape").get(0).asInt() : values.size();
            if (values.size() != n) {
                throw ApiException.badRequest("input '" + name + "' has shape " + t.path("shape") + " but " + values.size() + " values");
            }
            if (rows != null && rows != n) {
                throw ApiException.badRequest("input '" + name + "' has " + n + " rows, others have " + rows);
            }
            rows = n;
            columns.put(name, values);
        }
        List<Map<String, Object>> records = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Map<String, Object> record = new HashMap<>(columns.size() * 4 / 3 + 1);
            for (Map.Entry<String, List<JsonNode>> c : columns.entrySet()) {
                record.put(c.getKey(), value(c.getValue().get(r)));
            }
            records.add(record);
        }
        return records;
    }

    private static List<Map<String, Object>> fromMatrix(LoadedModel m, JsonNode tensor) {
        int rows = tensor.path("shape").get(0).asInt();
        int cols = tensor.path("shape").get(1).asInt();
        List<String> names = m.inputNames();
        if (cols != names.size()) {
            throw ApiException.badRequest("input '" + tensor.path("name").asText() + "' has " + cols + " columns; the model takes "
                    + names.size() + ": " + names);
        }
        List<JsonNode> values = flatten(tensor.path("data"));
        if (values.size() != (long) rows * cols) {
            throw ApiException.badRequest("input '" + tensor.path("name").asText() + "' has shape " + tensor.path("shape") + " but "
                    + values.size() + " values");
        }
        List<Map<String, Object>> records = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Map<String, Object> record = new HashMap<>(cols * 4 / 3 + 1);
            for (int c = 0; c < cols; c++) {
                record.put(names.get(c), value(values.get(r * cols + c)));
            }
            records.add(record);
        }
        return records;
    }

    /** Tensor data may be flat (row-major) or nested per dimension. */
    private static List<JsonNode> flatten(JsonNode data) {
        List<JsonNode> out = new ArrayList<>();
        if (data.isArray()) {
            data.forEach(d -> out.addAll(d.isArray() ? flatten(d) : List.of(d)));
        } else if (!data.isMissingNode()) {
            out.add(data);
        }
        return out;
    }

    /** A tensor element as a record value; nested values go through the mapper (the validator then refuses them). */
    private static Object value(JsonNode v) {
        if (v.isNumber()) {
            return v.isIntegralNumber() ? (Object) v.longValue() : (Object) v.doubleValue();
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNull()) {
            return null;
        }
        return Json.MAPPER.convertValue(v, Object.class);
    }

    private static Set<String> wantedOutputs(JsonNode outputs, LoadedModel m) {
        if (!outputs.isArray() || outputs.isEmpty()) {
            return OUTPUTS;
        }
        Set<String> wanted = new java.util.HashSet<>();
        for (JsonNode o : outputs) {
            String name = o.path("name").asText();
            if (!OUTPUTS.contains(name) || (name.equals("anomaly_score") && !m.isDetector())) {
                throw ApiException.badRequest("unknown output '" + name + "'; this model gives label, probabilities, confidence"
                        + (m.isDetector() ? ", anomaly_score" : ""));
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

    private static Map<String, Object> tensor(String name, String datatype, List<Integer> shape, List<?> data) {
        Map<String, Object> t = tensor(name, datatype, shape);
        t.put("data", data);
        return t;
    }

    /** Runs a handler and answers its failure the protocol's way: {@code {"error": "..."}}. */
    private static void guarded(Context ctx, java.util.function.Supplier<Object> work) {
        try {
            ctx.json(work.get());
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
