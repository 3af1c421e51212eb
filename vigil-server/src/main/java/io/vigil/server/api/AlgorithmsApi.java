package io.vigil.server.api;

import io.javalin.http.Context;
import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.ParamSpec;
import io.vigil.engine.algorithms.ParamType;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.algorithms.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /ml/algorithms}: every algorithm a model may name, with its hyperparameters' types,
 * defaults and valid ranges, read from the engine's registry (vigil-neural's included), so a user
 * learns them before a request is refused rather than from the refusal.
 */
public final class AlgorithmsApi {
    private final Map<String, Object> body;

    public AlgorithmsApi() {
        // the registry is fixed once the class path is: describe it once
        List<Map<String, Object>> algorithms = new ArrayList<>();
        for (String name : Algorithms.names()) {
            algorithms.add(describe(Algorithms.trainer(name)));
        }
        this.body = Map.of("algorithms", List.copyOf(algorithms));
    }

    public void list(Context ctx) {
        ctx.json(body);
    }

    private static Map<String, Object> describe(Trainer trainer) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", trainer.algorithm());
        boolean detector = trainer.task() == Task.ANOMALY_DETECTION;
        a.put("task", detector ? "anomaly_detection" : "classification");
        // a detector trains without labels; given a label column, it is evaluated against it
        a.put("targetVariable", detector ? "optional" : "required");
        List<Map<String, Object>> parameters = new ArrayList<>();
        for (ParamSpec p : trainer.parameters()) {
            parameters.add(describe(p));
        }
        a.put("hyperparameters", parameters);
        return a;
    }

    private static Map<String, Object> describe(ParamSpec p) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", p.name());
        d.put("type", switch (p.type()) {
            case INTEGER -> "integer";
            case DOUBLE -> "number";
            case BOOLEAN -> "boolean";
            case STRING -> "string";
        });
        d.put("default", p.defaultValue());
        if (p.range() != null) {
            d.put("range", p.range());
            d.put("minimum", whole(p, p.min()));
            d.put("minimumExclusive", p.minExclusive());
            d.put("maximum", whole(p, p.max()));
        }
        if (!p.allowed().isEmpty()) {
            d.put("values", p.allowed());
        }
        d.put("description", p.description());
        return d;
    }

    /** An integer parameter's bounds as integers ({@code 1}, not {@code 1.0}). */
    private static Object whole(ParamSpec p, Double bound) {
        return bound != null && p.type() == ParamType.INTEGER ? (Object) bound.longValue() : bound;
    }
}
