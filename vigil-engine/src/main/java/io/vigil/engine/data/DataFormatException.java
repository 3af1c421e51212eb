package io.vigil.engine.data;

import java.io.IOException;

/**
 * The content of an uploaded file cannot be read as a table. The message is meant for the
 * person who uploaded the file; {@link #line()} is the 1-based physical line, or -1 when the
 * problem is not tied to a line (empty file, binary content, ...).
 */
public class DataFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long line;

    public DataFormatException(String message, long line) {
        super(message);
        this.line = line;
    }

    public DataFormatException(String message, long line, Throwable cause) {
        super(message, cause);
        this.line = line;
    }

    /** The 1-based physical line the problem was found at, or -1 when not applicable. */
    public long line() {
        return line;
    }
}
