package io.vigil.server.eventlog;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rotated files: compressed and pruned on a thread of their own, one task at a time, so no
 * writer waits for them. A compression is written to {@code .gz.tmp}, forced to disk, renamed, and
 * only then is the plain file deleted: a stop at any moment leaves either the plain file or a whole
 * compressed one, and {@link #recover} finishes the work at the next start.
 */
final class Archive {
    private static final Logger log = LoggerFactory.getLogger(Archive.class);

    private final Path dir;
    private final EventLogSettings settings;

    Archive(Path dir, EventLogSettings settings) {
        this.dir = dir;
        this.settings = settings;
    }

    /** What a stop left: compressions under way deleted, a plain file whose compressed copy is whole deleted. */
    void recover() throws IOException {
        for (Path tmp : EventLogFiles.temporary(dir)) Files.deleteIfExists(tmp);
        List<EventLogFiles.Rotated> rotated = EventLogFiles.rotated(dir);
        for (EventLogFiles.Rotated r : rotated) {
            if (!r.compressed() && Files.exists(EventLogFiles.compressed(r.path()))) Files.delete(r.path());
        }
    }

    /** Compresses every plain rotated file (if compression is on), then keeps the newest {@code retainFiles}. */
    void tidy() {
        try {
            if (settings.compress()) {
                for (EventLogFiles.Rotated r : EventLogFiles.rotated(dir)) {
                    if (!r.compressed()) compress(r.path());
                }
            }
            prune();
        } catch (IOException | UncheckedIOException e) {
            log.atError().addKeyValue("dir", dir).setCause(e).log("event log: compressing or pruning rotated files failed; retried at the next rotation");
        }
    }

    private void compress(Path plain) throws IOException {
        Path gz = EventLogFiles.compressed(plain);
        Path tmp = gz.resolveSibling(gz.getFileName() + EventLogFiles.TMP);
        try (FileOutputStream file = new FileOutputStream(tmp.toFile());
             GZIPOutputStream out = new GZIPOutputStream(file, 64 * 1024);
             InputStream in = Files.newInputStream(plain)) {
            in.transferTo(out);
            out.finish();
            file.getChannel().force(true);
        }
        Files.move(tmp, gz, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(plain);
    }

    private void prune() throws IOException {
        List<Path> rotated = EventLogFiles.rotatedFiles(dir);
        for (int i = 0; i < rotated.size() - settings.retainFiles(); i++) {
            Path old = rotated.get(i);
            Files.deleteIfExists(old);
            String name = old.getFileName().toString();
            if (name.endsWith(".gz")) Files.deleteIfExists(old.resolveSibling(name.substring(0, name.length() - 3)));
        }
    }
}
