package io.vigil.server.persistence;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password authentication for the embedded PostgreSQL. The library's initdb trusts every local
 * connection, so any local user could connect as the superuser and read everything. Before each
 * start, Vigil makes every connection (TCP or Unix socket) authenticate with scram-sha-256 against
 * a generated password kept in the data directory, readable by Vigil's user only. A directory
 * without that file (a new one, or one of an older Vigil that trusted everyone) gets a password in
 * single-user mode, before the server listens: it is never reachable without one.
 */
final class EmbeddedPostgresAuth {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresAuth.class);
    static final String PASSWORD_FILE = "vigil-password";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final long SINGLE_USER_TIMEOUT_SECONDS = 120; // includes crash recovery after a kill
    private static final String PG_HBA = """
            # Written by Vigil at each start of its embedded PostgreSQL; changes here are replaced.
            # Every connection authenticates with the password in %s (readable by Vigil's user only).
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """.formatted(PASSWORD_FILE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dataDir;
    private final String password;
    private final boolean stored;

    private EmbeddedPostgresAuth(Path dataDir, String password, boolean stored) {
        this.dataDir = dataDir;
        this.password = password;
        this.stored = stored;
    }

    /** The password stored in {@code dataDir}, or a new one that {@link #apply} will set and store. */
    static EmbeddedPostgresAuth of(Path dataDir) throws IOException {
        Path file = dataDir.resolve(PASSWORD_FILE);
        if (Files.isRegularFile(file)) {
            String password = Files.readString(file, UTF_8).strip();
            if (!password.isEmpty()) {
                return new EmbeddedPostgresAuth(dataDir, password, true);
            }
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new EmbeddedPostgresAuth(dataDir, Base64.getUrlEncoder().withoutPadding().encodeToString(secret), false);
    }

    String password() {
        return password;
    }

    /**
     * Runs after initdb and before the server starts: sets and stores a new password if there is
     * none yet, and replaces {@code pg_hba.conf}.
     */
    void apply(Path postgresProgram) throws IOException {
        if (stored) {
            restrictToOwner(dataDir.resolve(PASSWORD_FILE));
        } else {
            long begin = System.nanoTime();
            setInSingleUserMode(postgresProgram);
            store(); // after the role has it: a crash in between only means a new password next time
            log.atInfo().addKeyValue("dataDir", dataDir).addKeyValue("passwordFile", dataDir.resolve(PASSWORD_FILE))
                    .addKeyValue("millis", (System.nanoTime() - begin) / 1_000_000)
                    .log("embedded postgres superuser password generated; connections need it from now on");
        }
        writeOwnerOnly(dataDir.resolve("pg_hba.conf"), PG_HBA);
    }

    /** {@code postgres --single} reads SQL on stdin and needs no authentication, nor a listening server. */
    private void setInSingleUserMode(Path postgresProgram) throws IOException {
        String sql;
        try {
            // a SCRAM verifier computed here: the password itself never reaches the server or its logs
            sql = PasswordUtil.genAlterUserPasswordSQL(EmbeddedPostgresStarter.SUPERUSER, password.toCharArray(), "scram-sha-256");
        } catch (SQLException e) {
            throw new IOException("cannot encode the embedded postgres password", e);
        }
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // as the library runs it: PostgreSQL refuses to run as root
        }
        command.addAll(List.of(postgresProgram.toString(), "--single", "-D", dataDir.toString(), "postgres"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write((sql + "\n").getBytes(UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        try {
            if (!process.waitFor(SINGLE_USER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("setting the embedded postgres password did not finish in " + SINGLE_USER_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the embedded postgres password", e);
        }
        List<String> problems = output.lines().filter(l -> l.contains("ERROR:") || l.contains("FATAL:") || l.contains("PANIC:"))
                .toList(); // never the STATEMENT lines: they would carry the verifier
        if (process.exitValue() != 0 || !problems.isEmpty()) {
            throw new IOException("setting the embedded postgres password in single-user mode failed (exit "
                    + process.exitValue() + "): " + String.join(" / ", problems));
        }
    }

    private void store() throws IOException {
        writeOwnerOnly(dataDir.resolve(PASSWORD_FILE), password + "\n");
    }

    /** A password file made readable by others (a copy, a chmod) is tightened again. */
    private static void restrictToOwner(Path file) throws IOException {
        if (!isPosix(file)) {
            return;
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
        if (!now.equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            log.atWarn().addKeyValue("file", file).addKeyValue("was", PosixFilePermissions.toString(now))
                    .log("embedded postgres password file was readable by others; restricted to its owner");
        }
    }

    /** Writes a temporary file readable by its owner only, fsyncs it, then renames it over {@code target}. */
    private static void writeOwnerOnly(Path target, String content) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        List<FileAttribute<?>> attributes = isPosix(target.getParent())
                ? List.of(PosixFilePermissions.asFileAttribute(OWNER_ONLY)) : List.of();
        try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                attributes.toArray(FileAttribute[]::new))) {
            channel.write(ByteBuffer.wrap(content.getBytes(UTF_8)));
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    @Override
    public String toString() {
        return "EmbeddedPostgresAuth[dataDir=" + dataDir + ", stored=" + stored + "]"; // never the password
    }
}
