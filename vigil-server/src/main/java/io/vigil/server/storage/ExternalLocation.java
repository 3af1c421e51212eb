package io.vigil.server.storage;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Where a reader outside Vigil (a Spark job) finds a blob's bytes as they are, and what it must be told to read
 * them: {@code file:} for a local file, {@code s3a:} for an S3 object. The settings are Hadoop FileSystem settings
 * ({@code fs.s3a.*}), the form Spark and other Hadoop-based readers take them in; they may hold credentials, so
 * {@link #toString()} names them without their values.
 *
 * @param uri            the blob's bytes
 * @param readerSettings Hadoop settings for {@code uri}'s file system; empty when none are needed
 */
public record ExternalLocation(URI uri, Map<String, String> readerSettings) {
    public ExternalLocation {
        Objects.requireNonNull(uri, "uri");
        readerSettings = readerSettings == null ? Map.of() : Map.copyOf(readerSettings);
    }

    @Override
    public String toString() {
        return "ExternalLocation[" + uri + ", readerSettings=" + readerSettings.keySet() + "]";
    }
}
