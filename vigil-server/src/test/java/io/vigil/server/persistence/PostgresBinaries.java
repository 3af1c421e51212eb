package io.vigil.server.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The PostgreSQL binaries the embedded library unpacked, for tests that drive pg_ctl directly. */
final class PostgresBinaries {
    private PostgresBinaries() {}

    static Path pgCtl() throws IOException {
        Path workDir = Path.of(System.getProperty("ot.epg.working-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
        try (Stream<Path> dirs = Files.list(workDir)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("PG-"))
                    .filter(d -> Files.exists(d.resolve(".exists")))
                    .map(d -> d.resolve("bin").resolve("pg_ctl"))
                    .filter(Files::isExecutable)
                    .findFirst()
                    .orElseThrow(() -> new IOException("no unpacked PostgreSQL under " + workDir));
        }
    }
}
