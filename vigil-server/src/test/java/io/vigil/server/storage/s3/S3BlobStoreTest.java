package io.vigil.server.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.storage.BlobInfo;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.ExternalLocation;
import io.vigil.server.storage.BlobStoreContract;
import io.vigil.server.storage.BlobWriter;
import io.vigil.server.storage.DirectTransfers;
import io.vigil.server.storage.PresignedRequest;
import io.vigil.server.testing.S3MockServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 driver against a real S3 server on loopback (S3Mock): the whole contract, and what only S3 has. */
class S3BlobStoreTest extends BlobStoreContract {
    /** The smallest part S3 takes, so the crash and abort cases stay quick. */
    private static final int PART = 5 * 1024 * 1024;
    private String bucket;

    @Override
    protected BlobStore createStore() {
        bucket = S3MockServer.newBucket();
        return S3BlobStore.connect(S3MockServer.settings(bucket), PART);
    }

    @Override
    protected BlobStore reopenStore() {
        return S3BlobStore.connect(S3MockServer.settings(bucket), PART);
    }

    @Override
    protected void overwriteStored(BlobInfo blob, byte[] bytes) {
        S3MockServer.client().putObject(b -> b.bucket(bucket).key(blob.key()), RequestBody.fromBytes(bytes));
    }

    @Override
    protected long temporaryItems() {
        S3Client s3 = S3MockServer.client();
        long objects = s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().filter(o -> !o.key().startsWith("sha256/")).count();
        long uploads = s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().size();
        return objects + uploads;
    }

    @Override
    protected long bytesThatReachTheStore() {
        return PART; // smaller uploads stay in the writer's one buffer until commit
    }

    @Test
    void anOutsideReaderIsGivenTheObjectAsS3aWithItsSettingsScopedToTheBucket() throws Exception {
        BlobInfo info = write("a,b\n1,2\n".getBytes(UTF_8));
        ExternalLocation location = store.externalLocation(info.key()).orElseThrow();
        assertThat(location.uri()).hasToString("s3a://" + bucket + "/" + info.key());
        String scope = "fs.s3a.bucket." + bucket + ".";
        assertThat(location.readerSettings()).containsEntry(scope + "endpoint", S3MockServer.endpoint().toString())
                .containsEntry(scope + "path.style.access", "true").containsEntry(scope + "endpoint.region", "us-east-1")
                .containsEntry(scope + "connection.ssl.enabled", "false")
                .containsEntry(scope + "access.key", S3MockServer.ACCESS_KEY).containsEntry(scope + "secret.key", S3MockServer.SECRET_KEY);
        assertThat(location.readerSettings().keySet()).allMatch(k -> k.startsWith(scope));
        assertThat(location.toString()).doesNotContain(S3MockServer.SECRET_KEY);
        assertThat(store.externalLocation("sha256/" + "0".repeat(64))).isEmpty();
    }

    @Test
    void aMissingBucketStopsTheStartWithItsName() {
        assertThatThrownBy(() -> S3BlobStore.connect(S3MockServer.settings("no-such-bucket-here")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-bucket-here")
                .hasMessageContaining("does not exist")
                .hasMessageNotContaining(S3MockServer.SECRET_KEY);
    }

    @Test
    void aBlobOfSeveralPartsIsCopiedToItsKeyAndTheTemporaryObjectGoes() throws Exception {
        byte[] content = new byte[2 * PART + 12345];
        new java.util.Random(5).nextBytes(content);
        BlobInfo info = write(content);
        assertThat(info.size()).isEqualTo(content.length);
        assertThat(read(info.key())).isEqualTo(content);
        assertThat(readRange(info.key(), PART - 2, 4)).containsExactly(content[PART - 2], content[PART - 1], content[PART], content[PART + 1]);
        assertThat(temporaryItems()).isZero();
    }

    @Test
    void serverSideEncryptionIsAskedForOnEveryWrite() throws Exception {
        S3Settings plain = S3MockServer.settings(bucket);
        S3Settings sse = new S3Settings(plain.endpoint(), plain.region(), bucket, "", plain.accessKey(), plain.secretKey(), true,
                S3Settings.SSE_S3, null);
        try (S3BlobStore encrypted = S3BlobStore.connect(sse, PART)) {
            byte[] small = "small".getBytes(UTF_8);
            byte[] large = new byte[PART + 10];
            BlobInfo a;
            BlobInfo b;
            try (BlobWriter w = encrypted.newWriter()) {
                w.stream().write(small);
                a = w.commit();
            }
            try (BlobWriter w = encrypted.newWriter()) {
                w.stream().write(large);
                b = w.commit();
            }
            for (BlobInfo info : new BlobInfo[] {a, b}) {
                assertThat(S3MockServer.client().headObject(h -> h.bucket(bucket).key(info.key())).serverSideEncryptionAsString())
                        .as(info.key()).isEqualTo("AES256");
            }
        }
    }

    @Test
    void aPrefixKeepsTheStoreToItsPartOfASharedBucket() throws Exception {
        S3Settings plain = S3MockServer.settings(bucket);
        S3Settings prefixed = new S3Settings(plain.endpoint(), plain.region(), bucket, "team-a/vigil/", plain.accessKey(), plain.secretKey(),
                true, null, null);
        BlobInfo outside = write("outside".getBytes(UTF_8));
        try (S3BlobStore inside = S3BlobStore.connect(prefixed, PART)) {
            BlobInfo info;
            try (BlobWriter w = inside.newWriter()) {
                w.stream().write("inside".getBytes(UTF_8));
                info = w.commit();
            }
            assertThat(S3MockServer.client().headObject(h -> h.bucket(bucket).key("team-a/vigil/" + info.key())).contentLength()).isEqualTo(6);
            try (var all = inside.list()) {
                assertThat(all.map(BlobInfo::key).toList()).containsExactly(info.key());
            }
            assertThat(inside.stat(outside.key())).isEmpty();
        }
    }

    @Test
    void presignedUrlsDownloadABlobAndUploadAFile() throws Exception {
        BlobInfo info = write("presigned bytes".getBytes(UTF_8));
        DirectTransfers direct = store.directTransfers().orElseThrow();
        HttpClient http = HttpClient.newHttpClient();

        PresignedRequest get = direct.downloadUrl(info.key(), "flows.csv", Duration.ofMinutes(5));
        HttpResponse<String> got = http.send(HttpRequest.newBuilder(URI.create(get.url())).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo("presigned bytes");
        assertThat(get.expiresAt()).isBetween(java.time.Instant.now().plusSeconds(200), java.time.Instant.now().plusSeconds(301));

        String uploadId = UUID.randomUUID().toString();
        PresignedRequest put = direct.uploadUrl(uploadId, Duration.ofMinutes(5));
        HttpRequest.Builder upload = HttpRequest.newBuilder(URI.create(put.url())).PUT(HttpRequest.BodyPublishers.ofString("a,b\n1,2\n"));
        put.headers().forEach(upload::header);
        assertThat(http.send(upload.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        try (InputStream in = direct.openUpload(uploadId)) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("a,b\n1,2\n");
        }
        assertThat(temporaryItems()).isEqualTo(1); // the staging object, until registered or swept
        direct.deleteUpload(uploadId);
        assertThat(temporaryItems()).isZero();
        assertThatThrownBy(() -> direct.openUpload(uploadId)).isInstanceOf(io.vigil.server.storage.NoSuchBlobException.class);
        assertThatThrownBy(() -> direct.uploadUrl("../sha256/x", Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsNeverShowTheSecret() {
        assertThat(S3MockServer.settings(bucket).toString()).doesNotContain(S3MockServer.SECRET_KEY).contains(bucket);
    }
}
