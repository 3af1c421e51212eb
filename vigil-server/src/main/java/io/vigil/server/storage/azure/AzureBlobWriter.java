package io.vigil.server.storage.azure;

import com.azure.core.exception.AzureException;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.vigil.server.storage.BlobInfo;
import io.vigil.server.storage.BlobKeys;
import io.vigil.server.storage.BlobWriter;
import io.vigil.server.storage.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload to Azure in constant memory: bytes fill one block buffer at a time; a full buffer is
 * staged as a block of a temporary blob, and the block list committed after each, so the temporary
 * blob is always a listable blob whose last-modified time says it is alive. A blob smaller than one
 * block goes up at commit in one atomic upload under its key. A larger one is copied inside the
 * service to its key, then the temporary blob deleted. An abort deletes the temporary blob.
 */
final class AzureBlobWriter implements BlobWriter {
    private static final Logger log = LoggerFactory.getLogger(AzureBlobWriter.class);

    private final AzureBlobStore store;
    private final String tempName;
    private final byte[] block;
    private final MessageDigest digest = Sha256.newDigest();
    private final List<String> blockIds = new ArrayList<>();
    private final HashingStream stream = new HashingStream();
    private int filled;
    private long count;
    private BlobInfo committed;
    private boolean closed;

    AzureBlobWriter(AzureBlobStore store, String tempName, int blockSize) {
        this.store = store;
        this.tempName = tempName;
        this.block = new byte[blockSize];
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
            BlobClient target = store.blob(key);
            if (blockIds.isEmpty()) {
                // overwriting the same content refreshes its time, so the orphan sweep spares it
                target.upload(BinaryData.fromByteBuffer(ByteBuffer.wrap(block, 0, filled)), true);
            } else {
                if (filled > 0) {
                    stageBlock();
                }
                BlobClient temp = store.named(tempName);
                String source = temp.getBlobUrl() + "?" + temp.generateSas(new BlobServiceSasSignatureValues(
                        OffsetDateTime.now().plusHours(1), new BlobSasPermission().setReadPermission(true)));
                target.beginCopy(source, AzureBlobStore.copyPoll()).waitForCompletion();
                temp.deleteIfExists();
            }
            closed = true;
            committed = store.committed(key, count);
            return committed;
        } catch (AzureException e) {
            close();
            throw new IOException("Azure upload failed: " + AzureBlobStore.firstLine(e.getMessage()), e);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } finally {
            store.forget(tempName);
        }
    }

    @Override
    public void close() {
        if (committed != null || closed) {
            store.forget(tempName);
            return;
        }
        closed = true;
        try {
            if (!blockIds.isEmpty()) {
                store.named(tempName).deleteIfExists();
            }
        } catch (AzureException e) { // the sweep removes it once it is old
            log.atWarn().addKeyValue("tempBlob", tempName).setCause(e).log("Azure upload abort failed; the temporary sweep will retry");
        } finally {
            store.forget(tempName);
        }
    }

    private void stageBlock() throws IOException {
        BlockBlobClient temp = store.named(tempName).getBlockBlobClient();
        // ids of one blob must all have the same length
        String id = Base64.getEncoder().encodeToString(String.format("%08d", blockIds.size()).getBytes(StandardCharsets.US_ASCII));
        try {
            temp.stageBlock(id, BinaryData.fromBytes(Arrays.copyOf(block, filled)));
            blockIds.add(id);
            temp.commitBlockList(blockIds, true); // a live, listable blob with a fresh time, never an invisible one
            filled = 0;
        } catch (AzureException e) {
            throw new IOException("Azure upload of block " + (blockIds.size() + 1) + " failed: " + AzureBlobStore.firstLine(e.getMessage()), e);
        }
    }

    /** Hashes and counts, then fills the block buffer; a full buffer is staged. Closing it does not commit. */
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
                int n = Math.min(length, block.length - filled);
                System.arraycopy(bytes, offset, block, filled, n);
                filled += n;
                offset += n;
                length -= n;
                if (filled == block.length) {
                    stageBlock();
                }
            }
        }

        @Override
        public void close() {
            // callers often close what they wrapped; the writer decides when the upload ends
        }
    }
}
