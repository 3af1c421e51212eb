package io.vigil.server.storage.s3;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Server-side copies: one CopyObject up to 5 GiB (S3's limit for it), a multipart copy of 1 GiB
 * ranges beyond, so no byte of a blob passes through Vigil on commit.
 */
final class S3Copies {
    static final long SINGLE_COPY_LIMIT = 5L * 1024 * 1024 * 1024;
    private static final long COPY_PART = 1024L * 1024 * 1024;

    private final S3Client s3;
    private final S3Requests requests;

    S3Copies(S3Client s3, S3Requests requests) {
        this.s3 = s3;
        this.requests = requests;
    }

    void copy(String fromKey, String toKey, long size) {
        if (size <= SINGLE_COPY_LIMIT) {
            s3.copyObject(requests.copy(fromKey, toKey));
            return;
        }
        String uploadId = s3.createMultipartUpload(requests.createUpload(toKey)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long start = 0; start < size; start += COPY_PART) {
                int number = parts.size() + 1;
                String range = "bytes=" + start + "-" + (Math.min(size, start + COPY_PART) - 1);
                String etag = s3.uploadPartCopy(b -> b.sourceBucket(requests.bucket()).sourceKey(fromKey)
                        .destinationBucket(requests.bucket()).destinationKey(toKey).uploadId(uploadId)
                        .partNumber(number).copySourceRange(range)).copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(requests.bucket()).key(toKey).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            s3.abortMultipartUpload(b -> b.bucket(requests.bucket()).key(toKey).uploadId(uploadId));
            throw e;
        }
    }
}
