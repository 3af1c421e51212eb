package io.vigil.cli;

/** What the process exit status means, for scripts. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The server answered with an error (4xx/5xx), or a job or validation failed. */
    public static final int FAILED = 1;
    /** The command line is wrong (picocli's own code for usage errors). */
    public static final int USAGE = 2;
    /** No server answers at the URL. */
    public static final int UNREACHABLE = 3;

    private ExitCodes() {}
}
