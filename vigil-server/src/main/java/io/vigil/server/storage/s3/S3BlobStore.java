package io.vigil.server.storage.s3;

import io.vigil.server.storage.BlobInfo;
import io.vigil.server.storage.BlobKeys;
import io.vigil.server.storage.BlobRanges;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.ExternalLocation;
import io.vigil.server.storage.BlobWriter;
import io.vigil.server.storage.DirectTransfers;
import io.vigil.server.storage.NoSuchBlobException;
import io.vigil.server.storage.VerifyingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link BlobStore} on Amazon S3 or an S3-compatible server (MinIO, Google Cloud Storage).
 *
 * <p>Layout under the configured prefix: {@code sha256/<64 hex>} for committed blobs,
 * {@code tmp/<uuid>} for large uploads in progress (multipart uploads, then completed objects
 * waiting to be copied to their key), {@code staging/<uuid>} for files clients upload with a
 * presigned URL. A blob appears under its key only by one atomic PUT or server-side copy of
 * complete, hashed bytes, so readers never see part of one; a crash leaves at worst temporary
 * objects and unfinished multipart uploads, which {@link #sweepTemporary(Instant)} removes.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);
    /** Part size: the one buffer a writer holds. S3 wants 5 MiB or more for every part but the last. */
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

    private final S3Settings settings;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3Requests requests;
    private final int partSize;
    /** Temporary keys of this store's open writers: the sweep must not touch live uploads. */
    private final Set<String> activeTemps = ConcurrentHashMap.newKeySet();

    S3BlobStore(S3Settings settings, S3Client s3, S3Presigner presigner, int partSize) {
        if (partSize < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("S3 parts are 5 MiB or more, not " + partSize + " bytes");
        }
        this.settings = settings;
        this.s3 = s3;
        this.presigner = presigner;
        this.requests = new S3Requests(settings);
        this.partSize = partSize;
    }

    /**
     * Connects and checks that the bucket is there and answers, so a wrong endpoint, bucket or
     * credential stops the start with a message that says which.
     *
     * @throws IllegalStateException naming the bucket and endpoint, never a secret
     */
    public static S3BlobStore connect(S3Settings settings) {
        return connect(settings, DEFAULT_PART_SIZE);
    }

    static S3BlobStore connect(S3Settings settings, int partSize) {
        S3Client client = S3Clients.client(settings);
        S3Presigner presigner = S3Clients.presigner(settings);
        try {
            client.headBucket(b -> b.bucket(settings.bucket()));
        } catch (SdkException e) {
            client.close();
            presigner.close();
            String why = e instanceof S3Exception s3e && s3e.statusCode() == 404 ? "it does not exist"
                    : e instanceof S3Exception s3e && s3e.statusCode() == 403 ? "access is denied (check the credentials)"
                    : "the server cannot be reached or refused: " + e.getMessage();
            throw new IllegalStateException("storage.driver s3: bucket '" + settings.bucket() + "' at "
                    + (settings.endpoint() == null ? "AWS region " + settings.region() : settings.endpoint()) + " is not usable: " + why, e);
        }
        return new S3BlobStore(settings, client, presigner, partSize);
    }

    public S3Settings settings() {
        return settings;
    }

    @Override
    public BlobWriter newWriter() {
        String temp = requests.tempKey(UUID.randomUUID().toString());
        activeTemps.add(temp);
        return new S3BlobWriter(this, temp, partSize);
    }

    @Override
    public InputStream open(String key) throws IOException {
        String hex = BlobKeys.requireValid(key);
        try {
            return new VerifyingInputStream(s3.getObject(requests.get(requests.blobKey(key), null)), key, hex);
        } catch (SdkException e) {
            throw S3Failures.translate(e, key);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        BlobKeys.requireValid(key);
        BlobRanges.check(offset, length);
        if (length == 0) {
            stat(key).orElseThrow(() -> new NoSuchBlobException(key));
            return InputStream.nullInputStream();
        }
        try {
            return s3.getObject(requests.get(requests.blobKey(key), "bytes=" + offset + "-" + (offset + length - 1)));
        } catch (S3Exception e) {
            if (e.statusCode() == 416) { // the range starts past the end
                stat(key).orElseThrow(() -> new NoSuchBlobException(key));
                return InputStream.nullInputStream();
            }
            throw S3Failures.translate(e, key);
        } catch (SdkException e) {
            throw S3Failures.translate(e, key);
        }
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        String hex = BlobKeys.requireValid(key);
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(settings.bucket()).key(requests.blobKey(key)));
            return Optional.of(new BlobInfo(key, hex, head.contentLength(), head.lastModified()));
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e)) {
                return Optional.empty();
            }
            throw S3Failures.translate(e, key);
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        boolean existed = stat(key).isPresent(); // S3 deletes say nothing of what was there
        try {
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(requests.blobKey(key)));
        } catch (SdkException e) {
            throw S3Failures.translate(e, key);
        }
        if (existed) {
            log.debug("blob deleted key={}", key);
        }
        return existed;
    }

    @Override
    public Stream<BlobInfo> list() {
        String prefix = requests.blobKey("");
        int cut = settings.prefix().length();
        return s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(prefix)).contents().stream()
                .filter(o -> BlobKeys.isValid(o.key().substring(cut))) // anything not shaped like a blob is ignored, not listed
                .map(o -> info(o.key().substring(cut), o));
    }


    @Override
    public int sweepTemporary(Instant cutoff) throws IOException {
        int removed = 0;
        try {
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(settings.bucket())
                    .prefix(requests.tempKey(""))).uploads()) {
                if (!activeTemps.contains(upload.key()) && upload.initiated().isBefore(cutoff)) {
                    s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(upload.key()).uploadId(upload.uploadId()));
                    removed++;
                }
            }
            for (String area : List.of(requests.tempKey(""), requests.stagingKey(""))) {
                for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(area)).contents()) {
                    if (!activeTemps.contains(object.key()) && object.lastModified().isBefore(cutoff)) {
                        s3.deleteObject(b -> b.bucket(settings.bucket()).key(object.key()));
                        removed++;
                    }
                }
            }
        } catch (SdkException e) {
            throw new IOException("S3 sweep of temporary objects failed: " + e.getMessage(), e);
        }
        if (removed > 0) {
            log.atInfo().addKeyValue("removed", removed).addKeyValue("bucket", settings.bucket())
                    .log("temporary objects and unfinished uploads removed");
        }
        return removed;
    }

    /** The object itself, read by Hadoop's S3A ({@link S3ExternalLocations}); empty when there is none. */
    @Override
    public Optional<ExternalLocation> externalLocation(String key) throws IOException {
        BlobKeys.requireValid(key);
        return stat(key).map(found -> S3ExternalLocations.of(settings, requests.blobKey(key)));
    }

    @Override
    public Optional<DirectTransfers> directTransfers() {
        return Optional.of(new S3DirectTransfers(s3, presigner, requests));
    }

    @Override
    public void close() {
        s3.close();
        presigner.close();
    }

    // ---- the writer's steps

    /** A blob smaller than one part: one PUT under its key, atomic; the same content again refreshes its time. */
    BlobInfo putWhole(String key, byte[] bytes, int length) throws IOException {
        try {
            s3.putObject(requests.put(requests.blobKey(key)), RequestBody.fromInputStream(new ByteArrayInputStream(bytes, 0, length), length));
        } catch (SdkException e) {
            throw S3Failures.translate(e, key);
        }
        log.debug("blob committed key={} size={}", key, length);
        return stat(key).orElseThrow(() -> new IOException("blob vanished right after commit: " + key));
    }

    String startUpload(String tempKey) {
        return s3.createMultipartUpload(requests.createUpload(tempKey)).uploadId();
    }

    CompletedPart uploadPart(String tempKey, String uploadId, int number, byte[] bytes, int length) {
        String etag = s3.uploadPart(b -> b.bucket(settings.bucket()).key(tempKey).uploadId(uploadId).partNumber(number)
                .contentLength((long) length), RequestBody.fromInputStream(new ByteArrayInputStream(bytes, 0, length), length)).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    void completeUpload(String tempKey, String uploadId, List<CompletedPart> parts) {
        s3.completeMultipartUpload(b -> b.bucket(settings.bucket()).key(tempKey).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
    }

    void abortUpload(String tempKey, String uploadId) {
        s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(tempKey).uploadId(uploadId));
    }

    void deleteTemporary(String tempKey) {
        s3.deleteObject(b -> b.bucket(settings.bucket()).key(tempKey));
    }

    /**
     * Copies a completed temporary object to its key inside S3, then deletes it. The copy is made
     * even when the key exists: it refreshes the blob's time, so the orphan sweep spares a blob
     * that an upload has just committed again.
     */
    BlobInfo publish(String tempKey, String key, long size) throws IOException {
        try {
            new S3Copies(s3, requests).copy(tempKey, requests.blobKey(key), size);
            deleteTemporary(tempKey);
        } catch (SdkException e) {
            throw S3Failures.translate(e, key);
        }
        log.debug("blob committed key={} size={}", key, size);
        return stat(key).orElseThrow(() -> new IOException("blob vanished right after commit: " + key));
    }

    void forget(String tempKey) {
        activeTemps.remove(tempKey);
    }

    private static BlobInfo info(String key, S3Object object) {
        return new BlobInfo(key, key.substring(BlobKeys.PREFIX.length()), object.size(), object.lastModified());
    }

    @Override
    public String toString() {
        return "S3BlobStore[" + settings + "]";
    }
}
