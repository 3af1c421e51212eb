package io.vigil.server.storage;

import io.vigil.server.storage.azure.AzureSettings;
import io.vigil.server.storage.s3.S3Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * The blob store's settings ({@code storage.*}).
 *
 * @param driver       {@code local}, {@code s3} or {@code azure} (one of {@link BlobStores#DRIVERS})
 * @param urlLifetime  how long a presigned download or upload URL stays valid ({@code storage.urlExpireSeconds})
 * @param s3           the S3 driver's settings, when it is chosen (else null)
 * @param azure        the Azure driver's settings, when it is chosen (else null)
 * @param importsDir   the server directory a training may name a file of ({@code imports.dir}, as {@code datasetPath}):
 *                     its real path; null, the default, for none
 */
public record StorageSettings(String driver, Duration urlLifetime, S3Settings s3, AzureSettings azure, java.nio.file.Path importsDir) {
    public static final Duration DEFAULT_URL_LIFETIME = Duration.ofMinutes(15);

    public StorageSettings {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(urlLifetime, "urlLifetime");
    }

    public StorageSettings(String driver, Duration urlLifetime, S3Settings s3, AzureSettings azure) {
        this(driver, urlLifetime, s3, azure, null);
    }

    /** The local disk, as a server that sets nothing has it. */
    public static StorageSettings local() {
        return new StorageSettings(BlobStores.DEFAULT_DRIVER, DEFAULT_URL_LIFETIME, null, null);
    }

    @Override
    public String toString() { // the drivers' own toString masks their secrets
        return driver + (s3 != null ? " " + s3 : "") + (azure != null ? " " + azure : "") + (importsDir != null ? " imports " + importsDir : "");
    }
}
