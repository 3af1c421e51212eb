package io.vigil.engine.algorithms;

import java.util.List;

/**
 * Hyperparameters are unknown, of the wrong type, or out of range. {@link #problems()} names every
 * one found, one sentence each; the message joins them.
 */
public class InvalidHyperparameterException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidHyperparameterException(String message) {
        this(List.of(message));
    }

    public InvalidHyperparameterException(List<String> problems) {
        super(String.join("; ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid-hyperparameter error needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Each problem found, in the order the parameters are declared (unknown names first). */
    public List<String> problems() {
        return problems;
    }
}
