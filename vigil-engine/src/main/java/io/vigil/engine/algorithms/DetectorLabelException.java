package io.vigil.engine.algorithms;

/**
 * A detector cannot be evaluated against the label it was given: more than two classes, or two of
 * which none is recognisably normal. The caller can fix it by mapping the label to two classes.
 */
public final class DetectorLabelException extends IllegalArgumentException {
    public DetectorLabelException(String message) {
        super(message);
    }
}
