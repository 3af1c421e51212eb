package io.vigil.server.storage.s3;

import java.net.URI;
import java.util.Objects;

/**
 * Where the S3 driver keeps blobs ({@code storage.s3.*}, {@code VIGIL_S3_*}).
 *
 * @param endpoint   an S3-compatible server (MinIO, Google Cloud Storage's XML API), or null for AWS itself
 * @param region     the bucket's region; S3-compatible servers take any, usually {@code us-east-1} (GCS: {@code auto})
 * @param bucket     the bucket; it must exist
 * @param prefix     keys start with it (empty, or ending with {@code /}): several deployments may share a bucket
 * @param accessKey  with {@code secretKey}, fixed credentials; both null: the SDK's default chain
 *                   (environment, profile, container or instance role)
 * @param secretKey  never shown: {@link #toString()} masks it
 * @param pathStyle  {@code http://host/bucket/key} instead of {@code http://bucket.host/key} (MinIO, S3Mock)
 * @param sse        server-side encryption: null for the bucket's default, {@code AES256} (SSE-S3) or {@code aws:kms}
 * @param kmsKeyId   with {@code aws:kms}, the KMS key (null: the account's default key for S3)
 */
public record S3Settings(URI endpoint, String region, String bucket, String prefix, String accessKey, String secretKey,
        boolean pathStyle, String sse, String kmsKeyId) {
    public static final String SSE_S3 = "AES256";
    public static final String SSE_KMS = "aws:kms";

    public S3Settings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(bucket, "bucket");
        prefix = prefix == null ? "" : prefix;
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("an S3 access key and secret key go together");
        }
        if (sse != null && !sse.equals(SSE_S3) && !sse.equals(SSE_KMS)) {
            throw new IllegalArgumentException("server-side encryption is " + SSE_S3 + " or " + SSE_KMS + ", not " + sse);
        }
    }

    /** Whether fixed credentials are set (otherwise the SDK's default chain finds them). */
    public boolean staticCredentials() {
        return accessKey != null;
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + (endpoint == null ? "aws" : endpoint) + ", region=" + region + ", bucket=" + bucket
                + ", prefix=" + prefix + ", credentials=" + (accessKey == null ? "default chain" : "access key ****")
                + ", pathStyle=" + pathStyle + ", sse=" + (sse == null ? "bucket default" : sse) + "]";
    }
}
