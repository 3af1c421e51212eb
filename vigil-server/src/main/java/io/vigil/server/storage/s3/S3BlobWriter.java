package io.vigil.server.storage.s3;

import io.vigil.server.storage.BlobInfo;
import io.vigil.server.storage.PartedBlobWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One upload to S3 in constant memory ({@link PartedBlobWriter}): full part buffers go up as parts
 * of a multipart upload to a temporary key. A blob smaller than one part is put under its key in one
 * atomic PUT. A larger one is completed at its temporary key, copied inside S3 to its key, and the
 * temporary object deleted. An abort aborts the multipart upload.
 */
final class S3BlobWriter extends PartedBlobWriter {
    private static final Logger log = LoggerFactory.getLogger(S3BlobWriter.class);

    private final S3BlobStore store;
    private final String tempKey;
    private final List<CompletedPart> parts = new ArrayList<>();
    private String uploadId; // null until the first full part goes up
    private boolean completedAtTemp;

    S3BlobWriter(S3BlobStore store, String tempKey, int partSize) {
        super(partSize);
        this.store = store;
        this.tempKey = tempKey;
    }

    @Override
    protected void sendPart(byte[] bytes, int length, int number) throws IOException {
        try {
            if (uploadId == null) {
                uploadId = store.startUpload(tempKey);
            }
            parts.add(store.uploadPart(tempKey, uploadId, number, bytes, length));
        } catch (SdkException e) {
            throw new IOException("S3 upload of part " + number + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected BlobInfo putWhole(String key, byte[] bytes, int length) throws IOException {
        try {
            return store.putWhole(key, bytes, length);
        } catch (SdkException e) {
            throw new IOException("S3 upload failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected BlobInfo publishParts(String key, long size) throws IOException {
        try {
            store.completeUpload(tempKey, uploadId, parts);
            completedAtTemp = true;
            return store.publish(tempKey, key, size);
        } catch (SdkException e) {
            throw new IOException("S3 upload failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected void abortSent() {
        try {
            if (completedAtTemp) {
                store.deleteTemporary(tempKey);
            } else if (uploadId != null) {
                store.abortUpload(tempKey, uploadId);
            }
        } catch (SdkException e) { // the sweep will remove it once it is old
            log.atWarn().addKeyValue("tempKey", tempKey).setCause(e).log("S3 upload abort failed; the temporary sweep will retry");
        }
    }

    @Override
    protected void released() {
        store.forget(tempKey);
    }
}
