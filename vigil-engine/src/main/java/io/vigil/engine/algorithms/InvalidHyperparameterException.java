package io.vigil.engine.algorithms;

/** A hyperparameter is unknown, of the wrong type, or out of range; the message says which. */
public class InvalidHyperparameterException extends IllegalArgumentException {
    public InvalidHyperparameterException(String message) {
        super(message);
    }
}
