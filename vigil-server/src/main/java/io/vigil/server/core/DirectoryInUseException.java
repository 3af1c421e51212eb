package io.vigil.server.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A directory another process (another Vigil instance on the same data directory) holds the lock
 * of: its event log, its search index. The caller may take another directory; it must never clear this one.
 */
public final class DirectoryInUseException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    public DirectoryInUseException(Path dir, String what, IOException cause) {
        super(what + " in " + dir + " is open in another process (its lock is held)", cause);
    }
}
