package io.vigil.server.storage.s3;

import io.vigil.server.storage.BlobKeys;
import io.vigil.server.storage.DirectTransfers;
import io.vigil.server.storage.NoSuchBlobException;
import io.vigil.server.storage.PresignedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/** Presigned GET and PUT URLs (AWS Signature Version 4) and the staging objects they upload to. */
final class S3DirectTransfers implements DirectTransfers {
    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3Requests requests;

    S3DirectTransfers(S3Client s3, S3Presigner presigner, S3Requests requests) {
        this.s3 = s3;
        this.presigner = presigner;
        this.requests = requests;
    }

    @Override
    public PresignedRequest downloadUrl(String key, String fileName, Duration lifetime) {
        BlobKeys.requireValid(key);
        GetObjectRequest get = GetObjectRequest.builder().bucket(requests.bucket()).key(requests.blobKey(key))
                .responseContentDisposition(PresignedRequest.attachment(fileName)).build();
        var presigned = presigner.presignGetObject(b -> b.signatureDuration(lifetime).getObjectRequest(get));
        return new PresignedRequest("GET", presigned.url().toString(), Map.of(), presigned.expiration());
    }

    @Override
    public PresignedRequest uploadUrl(String uploadId, Duration lifetime) {
        requireUploadId(uploadId);
        PresignedPutObjectRequest presigned = presigner.presignPutObject(b -> b.signatureDuration(lifetime)
                .putObjectRequest(requests.put(requests.stagingKey(uploadId))));
        // headers signed with the URL (server-side encryption, say) must be sent with the PUT as they are
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : presigned.signedHeaders().entrySet()) {
            if (!h.getKey().toLowerCase(Locale.ROOT).equals("host")) {
                headers.put(h.getKey(), String.join(",", h.getValue()));
            }
        }
        return new PresignedRequest("PUT", presigned.url().toString(), headers, presigned.expiration());
    }

    @Override
    public InputStream openUpload(String uploadId) throws IOException {
        requireUploadId(uploadId);
        try {
            return s3.getObject(requests.get(requests.stagingKey(uploadId), null));
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e)) {
                throw new NoSuchBlobException("staging/" + uploadId);
            }
            throw new IOException("S3 read of upload " + uploadId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteUpload(String uploadId) throws IOException {
        requireUploadId(uploadId);
        try {
            s3.deleteObject(b -> b.bucket(requests.bucket()).key(requests.stagingKey(uploadId)));
        } catch (SdkException e) {
            throw new IOException("S3 delete of upload " + uploadId + " failed: " + e.getMessage(), e);
        }
    }

    private static void requireUploadId(String uploadId) {
        if (!DirectTransfers.isUploadId(uploadId)) {
            throw new IllegalArgumentException("not an upload id: " + uploadId);
        }
    }
}
