package io.vigil.server.storage.s3;

import io.vigil.server.storage.ExternalLocation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An S3 blob as Hadoop's S3A connector reads it ({@code s3a://bucket/prefix/key}), with the driver's endpoint,
 * region, path style and fixed credentials as S3A settings scoped to the bucket ({@code fs.s3a.bucket.<name>.*}), so
 * they reach no other bucket a Spark session reads. Without fixed credentials S3A's own default chain finds them as
 * the SDK's does (environment, instance or container role). Objects encrypted server-side (SSE-S3, SSE-KMS) read
 * back transparently.
 */
final class S3ExternalLocations {
    private S3ExternalLocations() {
    }

    static ExternalLocation of(S3Settings settings, String objectKey) {
        String bucket = settings.bucket();
        String scope = "fs.s3a.bucket." + bucket + ".";
        Map<String, String> hadoop = new LinkedHashMap<>();
        if (settings.endpoint() != null) {
            hadoop.put(scope + "endpoint", settings.endpoint().toString());
            hadoop.put(scope + "connection.ssl.enabled", Boolean.toString("https".equalsIgnoreCase(settings.endpoint().getScheme())));
        }
        hadoop.put(scope + "endpoint.region", settings.region());
        hadoop.put(scope + "path.style.access", Boolean.toString(settings.pathStyle()));
        if (settings.staticCredentials()) {
            hadoop.put(scope + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            hadoop.put(scope + "access.key", settings.accessKey());
            hadoop.put(scope + "secret.key", settings.secretKey());
        }
        return new ExternalLocation(java.net.URI.create("s3a://" + bucket + "/" + objectKey), hadoop);
    }
}
