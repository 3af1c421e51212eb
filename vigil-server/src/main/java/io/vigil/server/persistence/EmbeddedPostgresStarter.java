package io.vigil.server.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the embedded PostgreSQL on a persistent data directory, surviving a previous crash:
 * before each attempt it checks that no live process owns the directory, clears a stale
 * postmaster, then starts; a failed attempt is retried with backoff. Every connection needs the
 * password of {@link EmbeddedPostgresAuth}.
 */
final class EmbeddedPostgresStarter {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresStarter.class);
    static final String SUPERUSER = "postgres";
    private static final String DATABASE = "postgres";
    /** Each failed attempt may wait {@link #STARTUP_WAIT}: worst case about two minutes. */
    private static final int ATTEMPTS = 4;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    /** Crash recovery after a kill can take a while; the library's default is 10 s. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    /** Data directories with a running embedded server of this JVM. */
    private static final Set<Path> OPEN_DIRECTORIES = ConcurrentHashMap.newKeySet();

    private static final StalePostmaster.Timeouts STALE_TIMEOUTS = StalePostmaster.Timeouts.DEFAULT;

    /** A running server, its URL and superuser password, and what to run after stopping it. */
    record Started(EmbeddedPostgres postgres, String jdbcUrl, String password, Runnable release) {
        @Override
        public String toString() {
            return "Started[jdbcUrl=" + jdbcUrl + "]"; // never the password
        }
    }

    private EmbeddedPostgresStarter() {}

    static Started start(Path dataDir, int port) {
        Path dir = prepareDirectory(dataDir);
        if (!OPEN_DIRECTORIES.add(dir)) {
            throw inUse(dir, "another Vigil in this process");
        }
        Runnable release = () -> OPEN_DIRECTORIES.remove(dir);
        Exception last = null;
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            long begin = System.nanoTime();
            try {
                DataDirectoryLock.requireNoLiveOwner(dir);
                StalePostmaster.clear(dir, STALE_TIMEOUTS);
                requirePortFree(port);
                EmbeddedPostgresAuth auth = EmbeddedPostgresAuth.of(dir);
                EmbeddedPostgres postgres = builder(dir, port, auth).start();
                log.info("embedded postgres started port={} dataDir={} attempt={} millis={}",
                        postgres.getPort(), dir, attempt, (System.nanoTime() - begin) / 1_000_000);
                return new Started(postgres, postgres.getJdbcUrl(SUPERUSER, DATABASE), auth.password(), release);
            } catch (DataDirectoryLock.DataDirectoryInUseException e) {
                release.run(); // a live owner: waiting would not help, and it must never be cleared
                throw inUse(dir, "another running process (another Vigil instance?)");
            } catch (IOException | RuntimeException e) {
                last = e;
                log.warn("embedded postgres start failed dataDir={} attempt={}/{} error={}",
                        dir, attempt, ATTEMPTS, e.toString());
                if (attempt < ATTEMPTS && !sleep(backoff)) {
                    break;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
        release.run();
        throw new DatabaseUnavailableException("embedded postgres did not start in " + dir + " after "
                + ATTEMPTS + " attempts: " + (last == null ? "interrupted" : last.getMessage()), last);
    }

    /**
     * The embedded PostgreSQL serves one Vigil: a second instance on the same data directory is
     * refused at once (its owner is alive: waiting would not help), saying what to do instead.
     */
    static DatabaseUnavailableException inUse(Path dir, String owner) {
        return new DatabaseUnavailableException("the embedded PostgreSQL in " + dir + " is in use by " + owner
                + ". The embedded database serves one Vigil instance only; to run several instances, give them all one external"
                + " PostgreSQL (db.url in vigil.yaml or VIGIL_DB_URL, with VIGIL_DB_USER and VIGIL_DB_PASSWORD; README.md,"
                + " \"Several instances behind a load balancer\"), or stop the other instance first");
    }

    /** Stops a server started here (if any) and releases its directory; never throws. */
    static void stop(EmbeddedPostgres postgres, Runnable release) {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
            log.info("embedded postgres stopped port={}", postgres.getPort());
        } catch (IOException | RuntimeException e) {
            log.warn("embedded postgres stop failed port={} error={}", postgres.getPort(), e.toString());
        } finally {
            release.run();
        }
    }

    private static EmbeddedPostgres.Builder builder(Path dir, int port, EmbeddedPostgresAuth auth) {
        return EmbeddedPostgres.builder()
                .setPgBinaryResolver(UnpackedBinaries.INSTANCE)
                .setOverrideWorkingDirectory(UnpackedBinaries.workingDirectory().toFile())
                .setDataDirectory(dir)
                // after initdb, before the server listens: password and pg_hba.conf (initdb's trusts everyone)
                .setDataDirectoryCustomizer(directory -> {
                    try {
                        auth.apply(UnpackedBinaries.INSTANCE.postgres());
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot set up password authentication of the embedded postgres", e);
                    }
                })
                .setConnectConfig("password", auth.password()) // the library's own readiness check connects too
                .setCleanDataDirectory(false)
                // Vigil stops postgres itself, after its HTTP server and job workers: the library's own
                // JVM hook would stop it first on Ctrl+C and fail every request still running
                .setRegisterShutdownHook(false)
                .setPort(port) // 0: the library picks a free one
                .setPGStartupWait(STARTUP_WAIT)
                // the library starts postgres with -F (fsync off) and synchronous_commit off, fine
                // for throwaway tests but not for data that must survive a crash: turn both back on
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("listen_addresses", "localhost");
    }

    private static Path prepareDirectory(Path dataDir) {
        Path dir;
        boolean foreign;
        try {
            Files.createDirectories(dataDir);
            dir = dataDir.toRealPath();
            foreign = !Files.exists(dir.resolve("PG_VERSION")) && hasFilesOtherThanTheLock(dir);
        } catch (IOException e) {
            throw new DatabaseUnavailableException("cannot create embedded postgres data directory " + dataDir, e);
        }
        if (foreign) {
            // initdb would fail on it anyway; say why instead of retrying
            throw new DatabaseUnavailableException("embedded postgres data directory " + dir
                    + " is not empty and is not a PostgreSQL data directory (no PG_VERSION); point it at an empty"
                    + " or existing PostgreSQL directory");
        }
        return dir;
    }

    private static boolean hasFilesOtherThanTheLock(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.anyMatch(p -> !p.getFileName().toString().equals(DataDirectoryLock.FILE_NAME));
        }
    }

    /**
     * A fixed port taken by another program would make PostgreSQL exit at once, and the library
     * would then wait its whole startup timeout: find out in a millisecond instead.
     */
    private static void requirePortFree(int port) throws IOException {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as PostgreSQL does: TIME_WAIT does not block it
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            throw new IOException("embedded postgres port " + port + " is already in use", e);
        }
    }

    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
