package io.vigil.server.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * This instance's working files under {@code <dataDir>/tmp}: request bodies waiting to be read,
 * multipart parts, and the CSVs a job writes before it stores them. Each is deleted by whoever made
 * it when the request or job ends; a crash ({@code kill -9}, a power cut) leaves them, so
 * {@link OrphanBlobSweeper} also deletes those past its grace period, by their own age (a file still
 * being written is young).
 */
public final class ScratchFiles {
    /** No working directory: nothing to sweep (tests of the blob sweep alone). */
    public static final ScratchFiles NONE = new ScratchFiles(null);

    private final Path root;

    private ScratchFiles(Path root) {
        this.root = root;
    }

    /** The working files under {@code root}, which is created if needed. */
    public static ScratchFiles under(Path root) {
        try {
            Files.createDirectories(root.resolve("work"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the working directory " + root, e);
        }
        return new ScratchFiles(root.toAbsolutePath().normalize());
    }

    /** A new empty file for a job's output, e.g. {@code newFile("vigil-concat-", ".csv")}; the caller deletes it. */
    public Path newFile(String prefix, String suffix) throws IOException {
        if (root == null) {
            return Files.createTempFile(prefix, suffix);
        }
        return Files.createTempFile(root.resolve("work"), prefix, suffix);
    }

    /** Deletes the files last written before {@code cutoff}; returns how many. */
    public int sweep(Instant cutoff) throws IOException {
        if (root == null || !Files.isDirectory(root)) {
            return 0;
        }
        List<Path> old;
        try (Stream<Path> all = Files.walk(root)) {
            old = all.filter(Files::isRegularFile).filter(f -> writtenBefore(f, cutoff)).toList();
        }
        int removed = 0;
        for (Path file : old) {
            if (Files.deleteIfExists(file)) {
                removed++;
            }
        }
        return removed;
    }

    private static boolean writtenBefore(Path file, Instant cutoff) {
        try {
            FileTime written = Files.getLastModifiedTime(file);
            return written.toInstant().isBefore(cutoff);
        } catch (IOException gone) {
            return false; // deleted meanwhile by its owner
        }
    }
}
