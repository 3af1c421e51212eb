package io.vigil.engine.bundle;

/** The stream is not a readable model bundle; the message says why. */
public class InvalidBundleException extends java.io.IOException {
    public InvalidBundleException(String message) {
        super(message);
    }
}
