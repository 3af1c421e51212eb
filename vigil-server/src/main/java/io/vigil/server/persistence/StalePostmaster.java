package io.vigil.server.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what a crashed Vigil may leave in the embedded data directory, so the next start
 * works: a PostgreSQL still running there (waited for, then stopped: SIGTERM, then SIGKILL)
 * and a {@code postmaster.pid} naming a process that is no longer that PostgreSQL.
 *
 * <p>Only call it once the directory lock proves that no live Vigil owns the directory:
 * any PostgreSQL found there is then an orphan.
 */
final class StalePostmaster {
    private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);

    /** How long to give each stage; tests shorten them. */
    record Timeouts(Duration exitOnItsOwn, Duration afterTerm, Duration afterKill) {
        static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    private static final Duration POLL = Duration.ofMillis(50);

    private StalePostmaster() {}

    /**
     * Makes {@code realDataDir} free for a new postmaster.
     *
     * @throws IOException if a PostgreSQL there survives SIGKILL or the pid file cannot be removed
     */
    static void clear(Path realDataDir, Timeouts timeouts) throws IOException {
        stopOrphans(realDataDir, timeouts);
        removeStalePidFile(realDataDir);
    }

    private static void stopOrphans(Path dir, Timeouts timeouts) throws IOException {
        List<ProcessHandle> orphans = PostgresProcesses.servingDirectory(dir);
        if (orphans.isEmpty()) {
            return;
        }
        log.warn("stale postgres found pids={} dataDir={}: waiting up to {} ms for it to exit",
                pids(orphans), dir, timeouts.exitOnItsOwn().toMillis());
        if (awaitExit(orphans, timeouts.exitOnItsOwn())) {
            log.info("stale postgres exited on its own dataDir={}", dir);
            return;
        }
        // SIGTERM the postmaster (smart shutdown: its clients died with the old JVM), then the rest
        List<ProcessHandle> roots = postmasters(orphans);
        log.warn("stopping stale postgres signal=TERM pids={} dataDir={}", pids(roots), dir);
        roots.forEach(ProcessHandle::destroy);
        if (awaitExit(orphans, timeouts.afterTerm())) {
            log.info("stale postgres stopped signal=TERM dataDir={}", dir);
            return;
        }
        List<ProcessHandle> survivors = orphans.stream().filter(PostgresProcesses::isRunning).collect(Collectors.toList());
        log.warn("killing stale postgres signal=KILL pids={} dataDir={}", pids(survivors), dir);
        survivors.forEach(ProcessHandle::destroyForcibly);
        if (!awaitExit(survivors, timeouts.afterKill())) {
            throw new IOException("stale postgres in " + dir + " survived SIGKILL: pids "
                    + pids(orphans.stream().filter(PostgresProcesses::isRunning).collect(Collectors.toList())));
        }
        log.info("stale postgres stopped signal=KILL dataDir={}", dir);
    }

    /**
     * The pid file must go unless it names a running PostgreSQL of this directory. PostgreSQL
     * itself only checks that the pid is alive, so a reused pid would block it forever.
     */
    private static void removeStalePidFile(Path dir) throws IOException {
        Path file = PostmasterPidFile.in(dir);
        if (!Files.exists(file)) {
            return;
        }
        OptionalLong pid = PostmasterPidFile.readPid(dir);
        PostgresProcesses.Identity identity = pid.isPresent()
                ? ProcessHandle.of(pid.getAsLong()).map(p -> PostgresProcesses.identify(p, dir))
                        .orElse(PostgresProcesses.Identity.GONE)
                : PostgresProcesses.Identity.GONE;
        switch (identity) {
            case POSTGRES_HERE:
                throw new IOException("postgres pid " + pid.getAsLong() + " is still running in " + dir);
            case UNKNOWN:
                throw new IOException("postmaster.pid in " + dir + " names running pid " + pid.getAsLong()
                        + " that cannot be inspected; stop it or remove the file");
            default:
                Files.deleteIfExists(file);
                log.warn("stale postmaster.pid removed pid={} process={} dataDir={}",
                        pid.isPresent() ? pid.getAsLong() : "unreadable", identity, dir);
        }
    }

    /** Processes whose parent is not in the set: the postmaster(s), children excluded. */
    private static List<ProcessHandle> postmasters(List<ProcessHandle> processes) {
        Set<Long> pids = processes.stream().map(ProcessHandle::pid).collect(Collectors.toSet());
        return processes.stream()
                .filter(p -> p.parent().map(parent -> !pids.contains(parent.pid())).orElse(true))
                .collect(Collectors.toList());
    }

    /** Polls rather than {@code onExit()}, which never completes for a zombie that is not our child. */
    private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (processes.stream().noneMatch(PostgresProcesses::isRunning)) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static List<Long> pids(List<ProcessHandle> processes) {
        return processes.stream().map(ProcessHandle::pid).collect(Collectors.toList());
    }
}
