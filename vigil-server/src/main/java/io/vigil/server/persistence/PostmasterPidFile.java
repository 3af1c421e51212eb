package io.vigil.server.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code postmaster.pid}, PostgreSQL's lock file in its data directory. Its first line is the
 * postmaster's pid. PostgreSQL refuses to start while that pid is alive, even when the pid now
 * belongs to an unrelated process, so a stale file must go.
 */
final class PostmasterPidFile {
    static final String NAME = "postmaster.pid";

    private PostmasterPidFile() {}

    static Path in(Path dataDir) {
        return dataDir.resolve(NAME);
    }

    /** The pid recorded in the file, or empty if there is no file or it cannot be parsed. */
    static OptionalLong readPid(Path dataDir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(in(dataDir));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        if (lines.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).trim());
            return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
