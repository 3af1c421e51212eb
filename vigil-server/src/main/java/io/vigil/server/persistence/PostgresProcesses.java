package io.vigil.server.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds PostgreSQL processes serving a given data directory. A postmaster and all its children
 * run with the data directory as working directory, which {@code /proc/<pid>/cwd} shows, so
 * this also finds backends whose postmaster is already gone, and never a PostgreSQL serving
 * another directory (or an unrelated process that reused a pid).
 */
final class PostgresProcesses {
    private static final Path PROC = Path.of("/proc");

    private PostgresProcesses() {}

    /** Live PostgreSQL processes whose working directory is {@code realDataDir}. */
    static List<ProcessHandle> servingDirectory(Path realDataDir) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> isPostgresServing(p, realDataDir))
                .collect(Collectors.toList());
    }

    /** Whether {@code process} is a live PostgreSQL process working in {@code realDataDir}. */
    static boolean isPostgresServing(ProcessHandle process, Path realDataDir) {
        if (!process.isAlive() || !isPostgresBinary(process)) {
            return false;
        }
        return workingDirectory(process).map(realDataDir::equals).orElse(false);
    }

    private static boolean isPostgresBinary(ProcessHandle process) {
        Optional<String> command = process.info().command();
        if (command.isEmpty()) {
            return false; // exited, a zombie, or not ours to inspect
        }
        Path name = Path.of(command.get()).getFileName();
        return name != null && name.toString().equals("postgres");
    }

    private static Optional<Path> workingDirectory(ProcessHandle process) {
        try {
            return Optional.of(Files.readSymbolicLink(PROC.resolve(Long.toString(process.pid())).resolve("cwd")));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }
}
