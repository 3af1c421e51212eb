package io.vigil.server.persistence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Identifies PostgreSQL processes serving a given data directory. A postmaster and all its
 * children run with the data directory as working directory, which {@code /proc/<pid>/cwd}
 * shows, so this also finds backends whose postmaster is already gone, and never a PostgreSQL
 * serving another directory (or an unrelated process that reused a pid).
 *
 * <p>Zombies count as gone: {@link ProcessHandle#isAlive()} reports them alive, but they hold
 * nothing and will never exit until reaped by a parent we do not control.
 */
final class PostgresProcesses {
    private static final Path PROC = Path.of("/proc");

    /** What a pid is, as far as a data directory is concerned. */
    enum Identity {
        /** Exited, or a zombie. */
        GONE,
        /** A PostgreSQL process working in the directory. */
        POSTGRES_HERE,
        /** Something else: another program, or a PostgreSQL of another directory. */
        SOMETHING_ELSE,
        /** Running, but we may not look at it. */
        UNKNOWN
    }

    private PostgresProcesses() {}

    /** Running PostgreSQL processes whose working directory is {@code realDataDir}. */
    static List<ProcessHandle> servingDirectory(Path realDataDir) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> identify(p, realDataDir) == Identity.POSTGRES_HERE)
                .collect(Collectors.toList());
    }

    static boolean isPostgresServing(ProcessHandle process, Path realDataDir) {
        return identify(process, realDataDir) == Identity.POSTGRES_HERE;
    }

    static Identity identify(ProcessHandle process, Path realDataDir) {
        if (!isRunning(process)) {
            return Identity.GONE;
        }
        Optional<String> command = process.info().command();
        Optional<Path> cwd = workingDirectory(process);
        if (command.isEmpty()) {
            return isRunning(process) ? Identity.UNKNOWN : Identity.GONE;
        }
        Path name = Path.of(command.get()).getFileName();
        if (name == null || !name.toString().equals("postgres")) {
            return Identity.SOMETHING_ELSE;
        }
        if (cwd.isEmpty()) {
            return isRunning(process) ? Identity.UNKNOWN : Identity.GONE;
        }
        return cwd.get().equals(realDataDir) ? Identity.POSTGRES_HERE : Identity.SOMETHING_ELSE;
    }

    /** Alive and not a zombie. */
    static boolean isRunning(ProcessHandle process) {
        return process.isAlive() && !isZombie(process.pid());
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
            int end = stat.lastIndexOf(')'); // the command name may contain spaces and parentheses
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // no /proc: trust isAlive
        }
    }

    private static Optional<Path> workingDirectory(ProcessHandle process) {
        try {
            return Optional.of(Files.readSymbolicLink(PROC.resolve(Long.toString(process.pid())).resolve("cwd")));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }
}
