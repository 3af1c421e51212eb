package io.vigil.server.storage.azure;

import com.azure.core.exception.AzureException;
import com.azure.storage.blob.models.BlobStorageException;
import io.vigil.server.storage.NoSuchBlobException;
import java.io.IOException;

/** The SDK's exceptions as the store's: a missing blob is {@link NoSuchBlobException}, the rest an {@link IOException}. */
final class AzureFailures {
    private AzureFailures() {}

    static boolean isNotFound(AzureException e) {
        return e instanceof BlobStorageException b && b.getStatusCode() == 404;
    }

    static IOException translate(AzureException e, String key) {
        if (isNotFound(e)) {
            return new NoSuchBlobException(key);
        }
        return new IOException("Azure request for " + key + " failed: " + AzureBlobStore.firstLine(e.getMessage()), e);
    }
}
