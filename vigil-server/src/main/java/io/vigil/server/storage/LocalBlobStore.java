package io.vigil.server.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BlobStore} on the local filesystem.
 *
 * <p>Layout: {@code root/sha256/ab/cd/<64 hex>} for committed blobs (two levels of fan-out keep
 * directories small), {@code root/tmp/} for uploads in progress. A blob appears under its
 * final name only by an atomic rename of a fully written, fsynced temporary file, so readers
 * never see a partial blob and a crash leaves at worst a temporary file for
 * {@link #sweepTemporary(Instant)}.
 */
public final class LocalBlobStore implements BlobStore {
    private static final Logger log = LoggerFactory.getLogger(LocalBlobStore.class);
    private static final String TEMP_SUFFIX = ".part";

    private final Path root;
    private final Path blobsDir;
    private final Path tempDir;
    /** Temp files of this store's open writers: the sweep must not delete live uploads. */
    private final Set<Path> activeTemps = ConcurrentHashMap.newKeySet();

    /** Opens (creating if needed) a store under {@code root}. */
    public LocalBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.blobsDir = this.root.resolve("sha256");
        this.tempDir = this.root.resolve("tmp");
        try {
            Files.createDirectories(blobsDir);
            Files.createDirectories(tempDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create blob store at " + this.root, e);
        }
    }

    /** The directory this store lives in (for logs and operators, not for callers' paths). */
    public Path root() {
        return root;
    }

    @Override
    public BlobWriter newWriter() throws IOException {
        Path temp = tempDir.resolve(UUID.randomUUID() + TEMP_SUFFIX);
        activeTemps.add(temp);
        try {
            return new LocalBlobWriter(this, temp);
        } catch (IOException | RuntimeException e) {
            activeTemps.remove(temp);
            throw e;
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        String hex = BlobKeys.requireValid(key);
        try {
            return new VerifyingInputStream(Files.newInputStream(pathOf(hex)), key, hex);
        } catch (NoSuchFileException e) {
            throw new NoSuchBlobException(key);
        }
    }

    /** A ranged read straight from the file's position: nothing before {@code offset} is read. */
    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        String hex = BlobKeys.requireValid(key);
        BlobRanges.check(offset, length);
        try {
            SeekableByteChannel channel = Files.newByteChannel(pathOf(hex));
            try {
                channel.position(offset);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return BlobRanges.limit(Channels.newInputStream(channel), length);
        } catch (NoSuchFileException e) {
            throw new NoSuchBlobException(key);
        }
    }

    /** The blob's own file: committed blobs are plain files that are never rewritten in place. */
    @Override
    public Optional<ExternalLocation> externalLocation(String key) throws IOException {
        Path file = pathOf(BlobKeys.requireValid(key));
        return Files.isRegularFile(file) ? Optional.of(new ExternalLocation(file.toUri(), java.util.Map.of())) : Optional.empty();
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        String hex = BlobKeys.requireValid(key);
        return infoOf(pathOf(hex), hex);
    }

    @Override
    public boolean delete(String key) throws IOException {
        String hex = BlobKeys.requireValid(key);
        boolean existed = Files.deleteIfExists(pathOf(hex));
        if (existed) {
            log.debug("blob deleted key={}", key);
        }
        return existed;
    }

    @Override
    public Stream<BlobInfo> list() throws IOException {
        // depth 3 = sha256/ab/cd/<hex>; anything not shaped like a blob is ignored, not listed
        return Files.find(blobsDir, 3, (path, attrs) -> attrs.isRegularFile()
                        && BlobKeys.isSha256Hex(path.getFileName().toString())
                        && path.equals(pathOf(path.getFileName().toString())))
                .flatMap(path -> {
                    try {
                        return infoOf(path, path.getFileName().toString()).stream();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }


    @Override
    public int sweepTemporary(Instant cutoff) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(tempDir)) {
            for (Path temp : temps) {
                if (activeTemps.contains(temp) || !lastWrittenBefore(temp, cutoff)) {
                    continue;
                }
                if (Files.deleteIfExists(temp)) {
                    removed++;
                }
            }
        }
        if (removed > 0) {
            log.atInfo().addKeyValue("removed", removed).addKeyValue("dir", tempDir)
                    .log("temporary files of unfinished uploads removed");
        }
        return removed;
    }

    private static boolean lastWrittenBefore(Path file, Instant cutoff) throws IOException {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
        } catch (NoSuchFileException e) {
            return false; // finished (committed or aborted) while we looked
        }
    }

    /** Moves a complete, fsynced temp file to its content-addressed place. */
    BlobInfo publish(Path temp, String key, long size) throws IOException {
        String hex = BlobKeys.requireValid(key);
        Path target = pathOf(hex);
        try {
            createDirectoriesDurably(target.getParent());
            if (refreshIfPresent(target)) {
                Files.deleteIfExists(temp); // same content already stored: dedup
                log.debug("blob dedup key={} size={}", key, size);
            } else {
                moveAtomically(temp, target);
                fsyncDirectory(target.getParent());
                log.debug("blob committed key={} size={}", key, size); // the services log what the blob is
            }
        } finally {
            forget(temp);
        }
        return infoOf(target, hex).orElseThrow(() -> new IOException("blob vanished right after commit: " + key));
    }

    /**
     * Marks an existing blob as just committed (its {@code createdAt}), so the orphan sweep, which
     * only takes blobs older than its grace period, spares it until the new record points at it.
     * Done before the temporary copy goes: if the sweep removed the blob meanwhile, the copy replaces it.
     */
    private static boolean refreshIfPresent(Path target) throws IOException {
        try {
            Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    void forget(Path temp) {
        activeTemps.remove(temp);
    }

    private static void moveAtomically(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(temp); // a concurrent writer of the same content won the race
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("filesystem of " + target.getParent() + " cannot rename atomically", e);
        }
    }

    private Path pathOf(String hex) {
        return blobsDir.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }

    private static Optional<BlobInfo> infoOf(Path path, String hex) throws IOException {
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            return Optional.of(new BlobInfo(BlobKeys.PREFIX + hex, hex, attrs.size(),
                    attrs.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Creates missing fan-out directories and fsyncs each parent, so a crash cannot lose them. */
    private void createDirectoriesDurably(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createDirectoriesDurably(dir.getParent());
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            return; // a concurrent writer made it
        }
        fsyncDirectory(dir.getParent());
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public String toString() {
        return "LocalBlobStore[" + root + "]";
    }
}
