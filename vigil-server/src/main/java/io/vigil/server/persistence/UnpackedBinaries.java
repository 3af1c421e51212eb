package io.vigil.server.persistence;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The library's PostgreSQL binaries, and where it unpacks them: {@code PG-<MD5 of the archive>}
 * under its working directory. Vigil needs the {@code postgres} program itself once, to set the
 * superuser's password in single-user mode before the server listens; the library keeps that path
 * to itself, so this resolver hands it the same archive and notes the digest on the way through.
 */
final class UnpackedBinaries implements PgBinaryResolver {
    static final UnpackedBinaries INSTANCE = new UnpackedBinaries();

    private volatile String archiveMd5;

    private UnpackedBinaries() {}

    /** The library's working directory, given to it explicitly so both sides agree on it. */
    static Path workingDirectory() {
        return Path.of(System.getProperty("ot.epg.working-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        InputStream archive = ClassPathPostgresBinaries.INSTANCE.getPgBinary(system, machineHardware);
        if (archive == null) {
            return null;
        }
        MessageDigest md5 = md5();
        return new FilterInputStream(new DigestInputStream(archive, md5)) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                super.close();
                if (!closed) { // the library reads the archive whole, then closes it (twice)
                    closed = true;
                    archiveMd5 = HexFormat.of().formatHex(md5.digest());
                }
            }
        };
    }

    /** The unpacked {@code postgres} program; call it once the library has prepared its binaries. */
    Path postgres() throws IOException {
        String digest = archiveMd5;
        Path program = workingDirectory().resolve("PG-" + digest).resolve("bin").resolve("postgres");
        if (digest == null || !Files.isExecutable(program)) {
            throw new IOException("cannot find the PostgreSQL binaries unpacked by the embedded database library (looked for "
                    + program + ")");
        }
        return program;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5"); // not for security: the library names the directory after it
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 missing from this JVM", e);
        }
    }
}
