package io.vigil.server.storage.s3;

import io.vigil.server.storage.NoSuchBlobException;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The SDK's exceptions as the store's: a missing key is {@link NoSuchBlobException}, the rest an {@link IOException}. */
final class S3Failures {
    private S3Failures() {}

    static boolean isNotFound(SdkException e) {
        return e instanceof NoSuchKeyException || e instanceof S3Exception s3 && s3.statusCode() == 404;
    }

    static IOException translate(SdkException e, String key) {
        if (isNotFound(e)) {
            return new NoSuchBlobException(key);
        }
        return new IOException("S3 request for " + key + " failed: " + e.getMessage(), e);
    }
}
