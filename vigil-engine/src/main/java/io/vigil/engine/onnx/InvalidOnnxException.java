package io.vigil.engine.onnx;

/** An ONNX file, or its input description, that cannot be served; the message says why. */
public final class InvalidOnnxException extends RuntimeException {
    public InvalidOnnxException(String message) {
        super(message);
    }

    public InvalidOnnxException(String message, Throwable cause) {
        super(message, cause);
    }
}
