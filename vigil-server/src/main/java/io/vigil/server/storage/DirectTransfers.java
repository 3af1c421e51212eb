package io.vigil.server.storage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Presigned URLs: a client downloads a blob, or uploads a new file, straight from or to the object
 * store, so large files need not pass through Vigil. An upload lands in a staging object named by
 * an upload id (never under a content key: its bytes are unchecked until Vigil reads them), which
 * Vigil then reads through its normal intake and deletes. Staging objects left behind are swept
 * with the temporary data of {@link BlobStore#sweepTemporary}.
 */
public interface DirectTransfers {

    /**
     * A URL that answers GET with the blob's bytes for {@code lifetime}, offered to browsers as a
     * download named {@code fileName}.
     */
    PresignedRequest downloadUrl(String key, String fileName, Duration lifetime);

    /** A URL that takes one PUT of a new file into the staging object {@code uploadId}, for {@code lifetime}. */
    PresignedRequest uploadUrl(String uploadId, Duration lifetime);

    /**
     * Opens what a client uploaded to {@code uploadId}.
     *
     * @throws NoSuchBlobException if nothing was uploaded there (or it was swept)
     */
    InputStream openUpload(String uploadId) throws IOException;

    /** Deletes the staging object; nothing there is not an error. */
    void deleteUpload(String uploadId) throws IOException;

    /** Whether {@code uploadId} can name a staging object: a UUID, as Vigil hands them out. */
    static boolean isUploadId(String uploadId) {
        return uploadId != null && uploadId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
}
