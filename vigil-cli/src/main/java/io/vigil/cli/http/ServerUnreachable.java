package io.vigil.cli.http;

import java.net.URI;

/** Nothing answers at the server's address (connection refused or timed out). */
public final class ServerUnreachable extends Exception {
    public ServerUnreachable(URI base, Throwable cause) {
        super("cannot reach the Vigil server at " + base + " ("
                + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()) + ")", cause);
    }
}
