package io.vigil.server.persistence;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A crash of Vigil must never become a failed restart of its embedded PostgreSQL. */
class StalePostmasterTest {
    private static final Logger log = LoggerFactory.getLogger(StalePostmasterTest.class);

    /** Initialised once (initdb is the slow part), copied into each test's data directory. */
    @TempDir
    static Path template;
    static UUID templateRow;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void initialiseTemplate() {
        try (Database database = Database.start(DatabaseSettings.embedded(template))) {
            templateRow = DatasetRows.insert(database.jdbi(), "before");
        }
    }

    @Test
    void pidFileOfADeadProcess() throws Exception {
        UUID id = initialiseWithOneRow();
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        writePidFile(finished.pid());

        assertRestartKeeps(id);
    }

    @Test
    void pidFileOfALiveProcessThatIsNotPostgres() throws Exception {
        UUID id = initialiseWithOneRow();
        // PostgreSQL alone would refuse to start: it only checks that the pid is alive
        Process unrelated = new ProcessBuilder("sleep", "60").start();
        try {
            writePidFile(unrelated.pid());

            assertRestartKeeps(id);
            assertThat(unrelated.isAlive()).as("an unrelated process is never signalled").isTrue();
        } finally {
            unrelated.destroyForcibly();
        }
    }

    @Test
    void pidFileOfAZombie() throws Exception {
        UUID id = initialiseWithOneRow();
        // "sleep 0.1" exits and stays a zombie: its parent (exec'd into "sleep 60") never reaps it
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.1 & echo $!; exec sleep 60").start();
        try {
            long zombie = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(), UTF_8))
                    .readLine().trim());
            Thread.sleep(500);
            ProcessHandle handle = ProcessHandle.of(zombie).orElseThrow();
            assertThat(handle.isAlive()).as("the JDK calls a zombie alive").isTrue();
            assertThat(PostgresProcesses.identify(handle, dataDir.toRealPath()))
                    .isEqualTo(PostgresProcesses.Identity.GONE);
            writePidFile(zombie);

            assertRestartKeeps(id);
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void garbagePidFile() throws Exception {
        UUID id = initialiseWithOneRow();
        Files.writeString(PostmasterPidFile.in(dataDir), "not a pid\n");

        assertRestartKeeps(id);
    }

    @Test
    void postgresLeftBehindByAJvmKilledWithSigkill() throws Exception {
        Process child = startChildJvm();
        UUID id;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
            id = UUID.fromString(awaitReady(out, child));
            long pid = PostmasterPidFile.readPid(dataDir).orElseThrow();
            assertThat(PostgresProcesses.servingDirectory(dataDir.toRealPath())).isNotEmpty();

            // while its owner lives, a second start must refuse, not "recover" by killing it; at once, saying what to do
            long refusing = System.nanoTime();
            assertThatThrownBy(() -> Database.start(DatabaseSettings.embedded(dataDir)))
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("in use by another running process")
                    .hasMessageContaining("serves one Vigil instance only")
                    .hasMessageContaining("external PostgreSQL")
                    .hasMessageContaining("VIGIL_DB_URL");
            assertThat((System.nanoTime() - refusing) / 1_000_000).as("refused without retrying").isLessThan(1_000);
            assertThat(ProcessHandle.of(pid).map(PostgresProcesses::isRunning)).contains(true);

            child.destroyForcibly(); // kill -9: no shutdown hook, PostgreSQL is not stopped
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            boolean lingering = ProcessHandle.of(pid).map(PostgresProcesses::isRunning).orElse(false);
            log.info("after kill -9 of the JVM: postmaster pid={} alive={}", pid, lingering);
        }

        long begin = System.nanoTime();
        try (Database database = Database.start(DatabaseSettings.embedded(dataDir))) {
            log.info("timing restart after kill -9 millis={}", (System.nanoTime() - begin) / 1_000_000);
            assertThat(DatasetRows.exists(database.jdbi(), id)).isTrue();
            assertThat(PostgresProcesses.servingDirectory(dataDir.toRealPath()))
                    .as("exactly one postmaster family, ours").isNotEmpty();
        }
        assertThat(PostgresProcesses.servingDirectory(dataDir.toRealPath())).isEmpty();
    }

    @Test
    void orphanedPostgresThatWillNotExitIsStopped() throws Exception {
        UUID id = initialiseWithOneRow();
        // a postmaster running with no owner: started outside any Vigil, like one a dead JVM left
        Path pgCtl = PostgresBinaries.pgCtl();
        List<String> command = new java.util.ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U")); // as the library does: PostgreSQL refuses root
        }
        command.addAll(List.of(pgCtl.toString(), "-D", dataDir.toString(), "-o", "-p " + freePort(),
                "-l", dataDir.resolve("orphan.log").toString(), "-w", "start"));
        Process start = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(start.getInputStream().readAllBytes(), UTF_8);
        assertThat(start.waitFor()).as(output).isZero();
        long orphanPid = PostmasterPidFile.readPid(dataDir).orElseThrow();
        assertThat(ProcessHandle.of(orphanPid).map(PostgresProcesses::isRunning)).contains(true);

        long begin = System.nanoTime();
        try (Database database = Database.start(DatabaseSettings.embedded(dataDir))) {
            log.info("timing restart over a live orphan millis={}", (System.nanoTime() - begin) / 1_000_000);
            assertThat(DatasetRows.exists(database.jdbi(), id)).isTrue();
        }
        // stopped: gone, or a zombie until init reaps it
        assertThat(ProcessHandle.of(orphanPid).map(PostgresProcesses::isRunning).orElse(false)).isFalse();
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A stopped data directory holding one row, as a clean shutdown leaves it. */
    private UUID initialiseWithOneRow() throws IOException {
        try (Stream<Path> paths = Files.walk(template)) {
            for (Path source : paths.collect(Collectors.toList())) {
                Path target = dataDir.resolve(template.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!source.getFileName().toString().equals(DataDirectoryLock.FILE_NAME)) {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        return templateRow;
    }

    private void assertRestartKeeps(UUID id) {
        try (Database database = Database.start(DatabaseSettings.embedded(dataDir))) {
            assertThat(DatasetRows.exists(database.jdbi(), id)).isTrue();
        }
    }

    /** A pid file as PostgreSQL writes it, naming {@code pid}. */
    private void writePidFile(long pid) throws IOException {
        Files.write(PostmasterPidFile.in(dataDir), List.of(
                Long.toString(pid), dataDir.toString(), "1700000000", "5432", "/tmp", "localhost",
                "  5432001         0", "ready   "));
    }

    private Process startChildJvm() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                EmbeddedDatabaseChild.class.getName(), dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static String awaitReady(BufferedReader out, Process child) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY ")) {
                return line.substring("READY ".length()).trim();
            }
        }
        throw new IllegalStateException("child JVM exited before READY, exit=" + child.exitValue());
    }
}
