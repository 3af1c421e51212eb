package io.vigil.server.storage;

import io.vigil.server.storage.azure.AzureBlobStore;
import io.vigil.server.storage.s3.S3BlobStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Builds the {@link BlobStore} named by the {@code storage.driver} setting. */
public final class BlobStores {
    /** The drivers this build knows. */
    public static final List<String> DRIVERS = List.of("local", "s3", "azure");
    public static final String DEFAULT_DRIVER = "local";

    private BlobStores() {}

    /**
     * @param driver  value of {@code storage.driver}; null or blank means {@value #DEFAULT_DRIVER}
     * @param dataDir the server's data directory; the local driver keeps blobs in {@code dataDir/blobs}
     * @throws IllegalArgumentException for an unknown driver, or one that needs settings of its own
     */
    public static BlobStore create(String driver, Path dataDir) {
        String chosen = driver == null || driver.isBlank() ? DEFAULT_DRIVER : driver.trim().toLowerCase(Locale.ROOT);
        return create(new StorageSettings(chosen, StorageSettings.DEFAULT_URL_LIFETIME, null, null), dataDir);
    }

    /**
     * The store the settings name, connected and checked: an object store's bucket or container that
     * is missing or refuses the credentials stops the start here, with a message that names it.
     *
     * @throws IllegalArgumentException for an unknown driver, or a driver without its settings
     * @throws IllegalStateException    when the object store cannot be used
     */
    public static BlobStore create(StorageSettings settings, Path dataDir) {
        String driver = settings.driver();
        switch (driver) {
            case "local":
                return new LocalBlobStore(dataDir.resolve("blobs"));
            case "s3":
                if (settings.s3() == null) {
                    throw new IllegalArgumentException("storage.driver s3 needs storage.s3.bucket (VIGIL_S3_BUCKET)");
                }
                return S3BlobStore.connect(settings.s3());
            case "azure":
                if (settings.azure() == null) {
                    throw new IllegalArgumentException("storage.driver azure needs storage.azure.container (VIGIL_AZURE_CONTAINER)");
                }
                return AzureBlobStore.connect(settings.azure());
            default:
                throw new IllegalArgumentException("unknown storage.driver '" + driver + "': allowed values are " + DRIVERS);
        }
    }
}
