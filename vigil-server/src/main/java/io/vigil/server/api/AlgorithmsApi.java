package io.vigil.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.javalin.http.Context;
import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.ParamSpec;
import io.vigil.engine.algorithms.ParamType;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.algorithms.Trainer;
import java.util.List;

/**
 * {@code GET /ml/algorithms}: every algorithm a model may name, with its hyperparameters' types,
 * defaults and valid ranges, read from the engine's registry (vigil-neural's included), so a user
 * learns them before a request is refused rather than from the refusal.
 */
public final class AlgorithmsApi {
    private final Catalogue body;

    /** The answer: every registered algorithm. */
    public record Catalogue(List<Algorithm> algorithms) {}

    /**
     * One algorithm: its {@code task} ({@code classification} or {@code anomaly_detection}) and
     * whether a model of it needs a {@code targetVariable} ({@code required} or {@code optional}).
     */
    public record Algorithm(String name, String task, String targetVariable, List<Hyperparameter> hyperparameters) {}

    /**
     * One hyperparameter: its JSON type, its default, the valid numbers ({@code bounds}, for a
     * number) or {@code values} (for a choice), and what it does.
     */
    public record Hyperparameter(String name, String type, @JsonProperty("default") Object defaultValue,
                                 @JsonUnwrapped Bounds bounds, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> values,
                                 String description) {}

    /**
     * The valid numbers: {@code range} as an interval ({@code [1, 10000]}, {@code (0, 1]}), and its
     * ends, either of which may be open (null); an integer's ends are integers.
     */
    public record Bounds(String range, Object minimum, boolean minimumExclusive, Object maximum) {}

    public AlgorithmsApi() {
        // the registry is fixed once the class path is: describe it once
        this.body = new Catalogue(Algorithms.names().stream().map(name -> describe(Algorithms.trainer(name))).toList());
    }

    public void list(Context ctx) {
        ctx.json(body);
    }

    private static Algorithm describe(Trainer trainer) {
        boolean detector = trainer.task() == Task.ANOMALY_DETECTION;
        // a detector trains without labels; given a label column, it is evaluated against it
        return new Algorithm(trainer.algorithm(), detector ? "anomaly_detection" : "classification",
                detector ? "optional" : "required", trainer.parameters().stream().map(AlgorithmsApi::describe).toList());
    }

    private static Hyperparameter describe(ParamSpec p) {
        String type = switch (p.type()) {
            case INTEGER -> "integer";
            case DOUBLE -> "number";
            case BOOLEAN -> "boolean";
            case STRING -> "string";
        };
        Bounds bounds = p.range() == null ? null
                : new Bounds(p.range(), whole(p, p.min()), p.minExclusive(), whole(p, p.max()));
        return new Hyperparameter(p.name(), type, p.defaultValue(), bounds, p.allowed().isEmpty() ? null : p.allowed(),
                p.description());
    }

    /** An integer parameter's bounds as integers ({@code 1}, not {@code 1.0}). */
    private static Object whole(ParamSpec p, Double bound) {
        return bound != null && p.type() == ParamType.INTEGER ? (Object) bound.longValue() : bound;
    }
}
