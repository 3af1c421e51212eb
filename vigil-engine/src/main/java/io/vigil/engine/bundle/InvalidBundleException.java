package io.vigil.engine.bundle;

/**
 * The stream is not a readable Vigil model bundle, or breaks its {@link BundleLimits}; the message
 * says why in the terms of the bundle (a member's name, a size, the manifest's field).
 */
public class InvalidBundleException extends java.io.IOException {
    public InvalidBundleException(String message) {
        super(message);
    }

    public InvalidBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
