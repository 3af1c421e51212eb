package io.vigil.server.storage.s3;

import io.vigil.server.storage.BlobInfo;
import io.vigil.server.storage.BlobKeys;
import io.vigil.server.storage.BlobWriter;
import io.vigil.server.storage.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One upload to S3 in constant memory: bytes fill one part buffer at a time; a full buffer goes up
 * as a part of a multipart upload to a temporary key, hashed on the way. A blob smaller than one
 * part never touches the temporary area: at commit its hash is known and it is put under its key
 * in one atomic PUT. A larger one is completed at its temporary key, copied inside S3 to its key,
 * and the temporary object deleted. An abort aborts the multipart upload.
 */
final class S3BlobWriter implements BlobWriter {
    private static final Logger log = LoggerFactory.getLogger(S3BlobWriter.class);

    private final S3BlobStore store;
    private final String tempKey;
    private final byte[] part;
    private final MessageDigest digest = Sha256.newDigest();
    private final List<CompletedPart> parts = new ArrayList<>();
    private final HashingStream stream = new HashingStream();
    private int filled;
    private long count;
    private String uploadId; // null until the first full part goes up
    private boolean completedAtTemp;
    private BlobInfo committed;
    private boolean closed;

    S3BlobWriter(S3BlobStore store, String tempKey, int partSize) {
        this.store = store;
        this.tempKey = tempKey;
        this.part = new byte[partSize];
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public long bytesWritten() {
        return count;
    }

    @Override
    public BlobInfo commit() throws IOException {
        if (committed != null) {
            return committed;
        }
        if (closed) {
            throw new IOException("upload was aborted; it cannot be committed");
        }
        String key = BlobKeys.fromDigest(digest.digest());
        try {
            if (uploadId == null) {
                committed = store.putWhole(key, part, filled);
            } else {
                if (filled > 0) {
                    sendPart();
                }
                store.completeUpload(tempKey, uploadId, parts);
                completedAtTemp = true;
                committed = store.publish(tempKey, key, count);
            }
            closed = true;
            return committed;
        } catch (SdkException e) {
            close();
            throw new IOException("S3 upload failed: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } finally {
            store.forget(tempKey);
        }
    }

    @Override
    public void close() {
        if (committed != null || closed) {
            store.forget(tempKey);
            return;
        }
        closed = true;
        try {
            if (completedAtTemp) {
                store.deleteTemporary(tempKey);
            } else if (uploadId != null) {
                store.abortUpload(tempKey, uploadId);
            }
        } catch (SdkException e) { // the sweep will remove it once it is old
            log.atWarn().addKeyValue("tempKey", tempKey).setCause(e).log("S3 upload abort failed; the temporary sweep will retry");
        } finally {
            store.forget(tempKey);
        }
    }

    private void sendPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = store.startUpload(tempKey);
            }
            parts.add(store.uploadPart(tempKey, uploadId, parts.size() + 1, part, filled));
            filled = 0;
        } catch (SdkException e) {
            throw new IOException("S3 upload of part " + (parts.size() + 1) + " failed: " + e.getMessage(), e);
        }
    }

    /** Hashes and counts, then fills the part buffer; a full buffer goes up. Closing it does not commit. */
    private final class HashingStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException(committed != null ? "blob already committed" : "upload aborted");
            }
            digest.update(bytes, offset, length);
            count += length;
            while (length > 0) {
                int n = Math.min(length, part.length - filled);
                System.arraycopy(bytes, offset, part, filled, n);
                filled += n;
                offset += n;
                length -= n;
                if (filled == part.length) {
                    sendPart();
                }
            }
        }

        @Override
        public void close() {
            // callers often close what they wrapped; the writer decides when the upload ends
        }
    }
}
