package io.vigil.server.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Builds the {@link BlobStore} named by the {@code storage.driver} setting. */
public final class BlobStores {
    /** The drivers this build knows; S3 joins later. */
    public static final List<String> DRIVERS = List.of("local");
    public static final String DEFAULT_DRIVER = "local";

    private BlobStores() {}

    /**
     * @param driver  value of {@code storage.driver}; null or blank means {@value #DEFAULT_DRIVER}
     * @param dataDir the server's data directory; the local driver keeps blobs in {@code dataDir/blobs}
     * @throws IllegalArgumentException for an unknown driver
     */
    public static BlobStore create(String driver, Path dataDir) {
        String chosen = driver == null || driver.isBlank() ? DEFAULT_DRIVER : driver.trim().toLowerCase(Locale.ROOT);
        if (chosen.equals("local")) {
            return new LocalBlobStore(dataDir.resolve("blobs"));
        }
        throw new IllegalArgumentException("unknown storage.driver '" + driver + "': allowed values are " + DRIVERS);
    }
}
