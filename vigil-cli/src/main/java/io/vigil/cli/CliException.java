package io.vigil.cli;

/** A failure found on this side (a missing file, a bad URL), reported as "error: message" with its exit code. */
public final class CliException extends Exception {
    private final int exitCode;

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
