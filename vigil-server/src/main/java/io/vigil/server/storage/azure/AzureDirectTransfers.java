package io.vigil.server.storage.azure;

import com.azure.core.exception.AzureException;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import io.vigil.server.storage.BlobKeys;
import io.vigil.server.storage.DirectTransfers;
import io.vigil.server.storage.NoSuchBlobException;
import io.vigil.server.storage.PresignedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/** Presigned URLs as service SAS tokens signed with the account key, and the staging blobs they upload to. */
final class AzureDirectTransfers implements DirectTransfers {
    private final AzureBlobStore store;

    AzureDirectTransfers(AzureBlobStore store) {
        this.store = store;
    }

    @Override
    public PresignedRequest downloadUrl(String key, String fileName, Duration lifetime) {
        BlobKeys.requireValid(key);
        OffsetDateTime expiry = OffsetDateTime.now(ZoneOffset.UTC).plus(lifetime);
        BlobClient blob = store.blob(key);
        String sas = blob.generateSas(new BlobServiceSasSignatureValues(expiry, new BlobSasPermission().setReadPermission(true))
                .setContentDisposition(PresignedRequest.attachment(fileName)));
        return new PresignedRequest("GET", blob.getBlobUrl() + "?" + sas, Map.of(), expiry.toInstant());
    }

    @Override
    public PresignedRequest uploadUrl(String uploadId, Duration lifetime) {
        requireUploadId(uploadId);
        OffsetDateTime expiry = OffsetDateTime.now(ZoneOffset.UTC).plus(lifetime);
        BlobClient blob = store.named(store.stagingName(uploadId));
        String sas = blob.generateSas(new BlobServiceSasSignatureValues(expiry,
                new BlobSasPermission().setCreatePermission(true).setWritePermission(true)));
        // Put Blob needs the blob's type; the client sends it as it is
        return new PresignedRequest("PUT", blob.getBlobUrl() + "?" + sas, Map.of("x-ms-blob-type", "BlockBlob"), expiry.toInstant());
    }

    @Override
    public InputStream openUpload(String uploadId) throws IOException {
        requireUploadId(uploadId);
        try {
            return store.named(store.stagingName(uploadId)).openInputStream();
        } catch (AzureException e) {
            if (AzureFailures.isNotFound(e)) {
                throw new NoSuchBlobException("staging/" + uploadId);
            }
            throw new IOException("Azure read of upload " + uploadId + " failed: " + AzureBlobStore.firstLine(e.getMessage()), e);
        }
    }

    @Override
    public void deleteUpload(String uploadId) throws IOException {
        requireUploadId(uploadId);
        try {
            store.named(store.stagingName(uploadId)).deleteIfExists();
        } catch (AzureException e) {
            throw new IOException("Azure delete of upload " + uploadId + " failed: " + AzureBlobStore.firstLine(e.getMessage()), e);
        }
    }

    private static void requireUploadId(String uploadId) {
        if (!DirectTransfers.isUploadId(uploadId)) {
            throw new IllegalArgumentException("not an upload id: " + uploadId);
        }
    }
}
