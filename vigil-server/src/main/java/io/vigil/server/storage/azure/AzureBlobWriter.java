package io.vigil.server.storage.azure;

import com.azure.core.exception.AzureException;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.vigil.server.storage.BlobInfo;
import io.vigil.server.storage.PartedBlobWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload to Azure in constant memory ({@link PartedBlobWriter}): a full buffer is staged as a
 * block of a temporary blob, and the block list committed after each, so the temporary
 * blob is always a listable blob whose last-modified time says it is alive. A blob smaller than one
 * block goes up at commit in one atomic upload under its key. A larger one is copied inside the
 * service to its key, then the temporary blob deleted. An abort deletes the temporary blob.
 */
final class AzureBlobWriter extends PartedBlobWriter {
    private static final Logger log = LoggerFactory.getLogger(AzureBlobWriter.class);

    private final AzureBlobStore store;
    private final String tempName;
    private final List<String> blockIds = new ArrayList<>();

    AzureBlobWriter(AzureBlobStore store, String tempName, int blockSize) {
        super(blockSize);
        this.store = store;
        this.tempName = tempName;
    }

    @Override
    protected void sendPart(byte[] bytes, int length, int number) throws IOException {
        BlockBlobClient temp = store.named(tempName).getBlockBlobClient();
        // ids of one blob must all have the same length
        String id = Base64.getEncoder().encodeToString(String.format("%08d", blockIds.size()).getBytes(StandardCharsets.US_ASCII));
        try {
            temp.stageBlock(id, BinaryData.fromBytes(Arrays.copyOf(bytes, length)));
            blockIds.add(id);
            temp.commitBlockList(blockIds, true); // a live, listable blob with a fresh time, never an invisible one
        } catch (AzureException e) {
            throw new IOException("Azure upload of block " + number + " failed: " + AzureBlobStore.firstLine(e.getMessage()), e);
        }
    }

    @Override
    protected BlobInfo putWhole(String key, byte[] bytes, int length) throws IOException {
        try {
            // overwriting the same content refreshes its time, so the orphan sweep spares it
            store.blob(key).upload(BinaryData.fromByteBuffer(ByteBuffer.wrap(bytes, 0, length)), true);
            return store.committed(key, length);
        } catch (AzureException e) {
            throw new IOException("Azure upload failed: " + AzureBlobStore.firstLine(e.getMessage()), e);
        }
    }

    @Override
    protected BlobInfo publishParts(String key, long size) throws IOException {
        try {
            BlobClient temp = store.named(tempName);
            String source = temp.getBlobUrl() + "?" + temp.generateSas(new BlobServiceSasSignatureValues(
                    OffsetDateTime.now().plusHours(1), new BlobSasPermission().setReadPermission(true)));
            store.blob(key).beginCopy(source, AzureBlobStore.copyPoll()).waitForCompletion();
            temp.deleteIfExists();
            return store.committed(key, size);
        } catch (AzureException e) {
            throw new IOException("Azure upload failed: " + AzureBlobStore.firstLine(e.getMessage()), e);
        }
    }

    @Override
    protected void abortSent() {
        if (blockIds.isEmpty()) {
            return; // nothing was staged
        }
        try {
            store.named(tempName).deleteIfExists();
        } catch (AzureException e) { // the sweep removes it once it is old
            log.atWarn().addKeyValue("tempBlob", tempName).setCause(e).log("Azure upload abort failed; the temporary sweep will retry");
        }
    }

    @Override
    protected void released() {
        store.forget(tempName);
    }
}
