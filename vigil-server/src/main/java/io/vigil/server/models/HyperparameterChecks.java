package io.vigil.server.models;

import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.InvalidHyperparameterException;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.server.core.FieldErrors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hyperparameters checked against the algorithm's own rules, as a model is defined and as a
 * training is asked for: every problem reported at once, in the caller's field names.
 */
final class HyperparameterChecks {
    private HyperparameterChecks() {}

    /** The algorithm's trainer, or null with an {@code algorithm} error if there is none by that name. */
    static Trainer trainer(String algorithm, FieldErrors errors) {
        try {
            return Algorithms.trainer(algorithm);
        } catch (IllegalArgumentException e) {
            errors.add("algorithm", e.getMessage());
            return null;
        }
    }

    /**
     * {@code hp} under the algorithm's own names (XGBoost's {@code n_estimators} as {@code rounds}...): what is stored
     * and merged, so a name given two ways is one hyperparameter; {@code hp} itself, with an error, when a
     * hyperparameter is given under two of its names.
     */
    static <V> Map<String, V> canonical(Trainer trainer, Map<String, V> hp, FieldErrors errors, String field) {
        try {
            @SuppressWarnings("unchecked") // the values are passed through untouched
            Map<String, V> named = (Map<String, V>) trainer.canonical(hp);
            return named;
        } catch (InvalidHyperparameterException e) {
            errors.add(field, String.join("; ", e.problems()));
            return hp;
        }
    }

    /** Every problem of {@code hp} for {@code trainer}, in one message (unless the map itself was refused already). */
    static void check(Trainer trainer, Map<String, Object> hp, FieldErrors errors) {
        List<String> problems = errors.has("hyperparameters") ? List.of() : problems(trainer, hp);
        if (!problems.isEmpty()) {
            errors.add("hyperparameters", String.join("; ", problems));
        }
    }

    /** What is wrong with {@code hp} for {@code trainer}: every unknown, mistyped or out-of-range one; empty when nothing is. */
    static List<String> problems(Trainer trainer, Map<String, ?> hp) {
        try {
            trainer.validate(hp);
            return List.of();
        } catch (InvalidHyperparameterException e) {
            return e.problems();
        }
    }

    /** The problems of each searched value as the training would use it, over {@code base}. */
    static void searchSpace(Trainer trainer, Map<String, Object> base, Map<String, List<Object>> space, FieldErrors errors,
                            Set<String> problems) {
        space.forEach((name, values) -> {
            if (errors.has("tuning.space." + name)) {
                return; // too many values: not worth trying each
            }
            for (Object value : values) {
                Map<String, Object> candidate = new LinkedHashMap<>(base);
                candidate.put(name, value);
                problems(trainer, candidate).forEach(p -> problems.add("in tuning.space, " + p));
            }
        });
    }
}
