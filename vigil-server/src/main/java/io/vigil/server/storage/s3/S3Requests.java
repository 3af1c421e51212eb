package io.vigil.server.storage.s3;

import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The bucket's key layout and the requests that write objects, each with the configured
 * server-side encryption, so no write path can forget it.
 */
final class S3Requests {
    private final S3Settings settings;

    S3Requests(S3Settings settings) {
        this.settings = settings;
    }

    String bucket() {
        return settings.bucket();
    }

    /** Where the blob {@code sha256/<hex>} lives (its key is already checked). */
    String blobKey(String key) {
        return settings.prefix() + (key.isEmpty() ? "sha256/" : key);
    }

    String tempKey(String id) {
        return settings.prefix() + "tmp/" + id;
    }

    String stagingKey(String uploadId) {
        return settings.prefix() + "staging/" + uploadId;
    }

    GetObjectRequest get(String objectKey, String range) {
        return GetObjectRequest.builder().bucket(settings.bucket()).key(objectKey).range(range).build();
    }

    PutObjectRequest put(String objectKey) {
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(settings.bucket()).key(objectKey);
        if (settings.sse() != null) {
            b.serverSideEncryption(ServerSideEncryption.fromValue(settings.sse())).ssekmsKeyId(settings.kmsKeyId());
        }
        return b.build();
    }

    CreateMultipartUploadRequest createUpload(String objectKey) {
        CreateMultipartUploadRequest.Builder b = CreateMultipartUploadRequest.builder().bucket(settings.bucket()).key(objectKey);
        if (settings.sse() != null) {
            b.serverSideEncryption(ServerSideEncryption.fromValue(settings.sse())).ssekmsKeyId(settings.kmsKeyId());
        }
        return b.build();
    }

    CopyObjectRequest copy(String fromKey, String toKey) {
        CopyObjectRequest.Builder b = CopyObjectRequest.builder().sourceBucket(settings.bucket()).sourceKey(fromKey)
                .destinationBucket(settings.bucket()).destinationKey(toKey);
        if (settings.sse() != null) {
            b.serverSideEncryption(ServerSideEncryption.fromValue(settings.sse())).ssekmsKeyId(settings.kmsKeyId());
        }
        return b.build();
    }
}
