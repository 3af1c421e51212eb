package io.vigil.engine.features;

/** A record given for prediction cannot be encoded (e.g. text in a numeric field). */
public class InvalidRecordException extends IllegalArgumentException {
    public InvalidRecordException(String message) {
        super(message);
    }
}
