package io.vigil.engine.onnx;

/** A model that has no faithful ONNX form; the message says why. */
public final class OnnxExportException extends RuntimeException {
    public OnnxExportException(String message) {
        super(message);
    }
}
