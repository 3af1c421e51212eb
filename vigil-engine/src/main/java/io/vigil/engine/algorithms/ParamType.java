package io.vigil.engine.algorithms;

/** The type of a hyperparameter value. */
public enum ParamType {
    INTEGER, DOUBLE, BOOLEAN, STRING
}
