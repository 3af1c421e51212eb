package io.vigil.server.storage.azure;

import com.azure.core.exception.AzureException;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.vigil.server.storage.BlobInfo;
import io.vigil.server.storage.BlobKeys;
import io.vigil.server.storage.BlobRanges;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.ExternalLocation;
import io.vigil.server.storage.BlobWriter;
import io.vigil.server.storage.DirectTransfers;
import io.vigil.server.storage.NoSuchBlobException;
import io.vigil.server.storage.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BlobStore} on Azure Blob Storage (or Azurite).
 *
 * <p>Layout under the configured prefix: {@code sha256/<64 hex>} for committed blobs,
 * {@code tmp/<uuid>} for large uploads in progress, {@code staging/<uuid>} for files clients
 * upload with a SAS URL. A blob appears under its key only by one atomic upload or a server-side
 * copy of complete, hashed bytes; a crash leaves at worst a temporary blob for
 * {@link #sweepTemporary(Instant)}.
 */
public final class AzureBlobStore implements BlobStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AzureBlobStore.class);
    /** Block size: the one buffer a writer holds. */
    public static final int DEFAULT_BLOCK_SIZE = 8 * 1024 * 1024;

    private final AzureSettings settings;
    private final BlobContainerClient container;
    private final int blockSize;
    /** Temporary blobs of this store's open writers: the sweep must not touch live uploads. */
    private final Set<String> activeTemps = ConcurrentHashMap.newKeySet();

    private AzureBlobStore(AzureSettings settings, BlobContainerClient container, int blockSize) {
        this.settings = settings;
        this.container = container;
        this.blockSize = blockSize;
    }

    /**
     * Connects and checks that the container is there, so a wrong account, key or container stops
     * the start with a message that says which (never the key).
     */
    public static AzureBlobStore connect(AzureSettings settings) {
        return connect(settings, DEFAULT_BLOCK_SIZE);
    }

    static AzureBlobStore connect(AzureSettings settings, int blockSize) {
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder().httpClient(new JdkHttpClientBuilder().build());
        if (settings.connectionString() != null) {
            builder.connectionString(settings.connectionString());
        } else {
            builder.endpoint(settings.endpointOrDefault()).credential(new StorageSharedKeyCredential(settings.account(), settings.accountKey()));
        }
        BlobContainerClient container;
        try {
            container = builder.buildClient().getBlobContainerClient(settings.container());
            if (!container.exists()) {
                throw new IllegalStateException("storage.driver azure: container '" + settings.container() + "' does not exist");
            }
        } catch (AzureException | IllegalArgumentException e) { // a malformed connection string is an IllegalArgumentException
            String why = e instanceof BlobStorageException b && b.getStatusCode() == 403 ? "access is denied (check the account key)"
                    : "the service cannot be reached or refused: " + firstLine(e.getMessage());
            throw new IllegalStateException("storage.driver azure: container '" + settings.container() + "' is not usable: " + why, e);
        }
        return new AzureBlobStore(settings, container, blockSize);
    }

    @Override
    public BlobWriter newWriter() {
        String temp = tempName(UUID.randomUUID().toString());
        activeTemps.add(temp);
        return new AzureBlobWriter(this, temp, blockSize);
    }

    @Override
    public InputStream open(String key) throws IOException {
        String hex = BlobKeys.requireValid(key);
        try {
            return new VerifyingInputStream(blob(key).openInputStream(), key, hex);
        } catch (AzureException e) {
            throw AzureFailures.translate(e, key);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        BlobKeys.requireValid(key);
        BlobRanges.check(offset, length);
        long size = stat(key).orElseThrow(() -> new NoSuchBlobException(key)).size();
        if (length == 0 || offset >= size) {
            return InputStream.nullInputStream();
        }
        try {
            return blob(key).openInputStream(new BlobRange(offset, Math.min(length, size - offset)), null);
        } catch (AzureException e) {
            throw AzureFailures.translate(e, key);
        }
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        String hex = BlobKeys.requireValid(key);
        try {
            BlobProperties properties = blob(key).getProperties();
            return Optional.of(new BlobInfo(key, hex, properties.getBlobSize(), properties.getLastModified().toInstant()));
        } catch (AzureException e) {
            if (AzureFailures.isNotFound(e)) {
                return Optional.empty();
            }
            throw AzureFailures.translate(e, key);
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        BlobKeys.requireValid(key);
        try {
            boolean existed = blob(key).deleteIfExists();
            if (existed) {
                log.debug("blob deleted key={}", key);
            }
            return existed;
        } catch (AzureException e) {
            throw AzureFailures.translate(e, key);
        }
    }

    @Override
    public Stream<BlobInfo> list() {
        int cut = settings.prefix().length();
        return container.listBlobs(new ListBlobsOptions().setPrefix(settings.prefix() + BlobKeys.PREFIX), null).stream()
                .filter(item -> BlobKeys.isValid(item.getName().substring(cut))) // anything not shaped like a blob is not listed
                .map(item -> info(item.getName().substring(cut), item));
    }


    @Override
    public int sweepTemporary(Instant cutoff) throws IOException {
        int removed = 0;
        try {
            for (String area : List.of(tempName(""), stagingName(""))) {
                for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(area), null)) {
                    if (!activeTemps.contains(item.getName()) && item.getProperties().getLastModified().toInstant().isBefore(cutoff)) {
                        if (container.getBlobClient(item.getName()).deleteIfExists()) {
                            removed++;
                        }
                    }
                }
            }
        } catch (AzureException e) {
            throw new IOException("Azure sweep of temporary blobs failed: " + firstLine(e.getMessage()), e);
        }
        if (removed > 0) {
            log.atInfo().addKeyValue("removed", removed).addKeyValue("container", settings.container())
                    .log("temporary blobs of unfinished uploads removed");
        }
        return removed;
    }

    /**
     * None: Spark would read Azure Blob Storage through Hadoop's ABFS connector (hadoop-azure), which vigil-spark does
     * not carry; a training on Spark gets the rows streamed to a scratch file instead.
     */
    @Override
    public Optional<ExternalLocation> externalLocation(String key) throws IOException {
        BlobKeys.requireValid(key);
        return Optional.empty();
    }

    @Override
    public Optional<DirectTransfers> directTransfers() {
        return Optional.of(new AzureDirectTransfers(this));
    }

    @Override
    public void close() {
        // the JDK's HttpClient holds nothing that must be released
    }

    // ---- for the writer and the transfers

    BlobClient blob(String key) {
        return container.getBlobClient(settings.prefix() + key);
    }

    BlobClient named(String name) {
        return container.getBlobClient(name);
    }

    String tempName(String id) {
        return settings.prefix() + "tmp/" + id;
    }

    String stagingName(String uploadId) {
        return settings.prefix() + "staging/" + uploadId;
    }

    BlobInfo committed(String key, long size) throws IOException {
        log.debug("blob committed key={} size={}", key, size);
        return stat(key).orElseThrow(() -> new IOException("blob vanished right after commit: " + key));
    }

    void forget(String temp) {
        activeTemps.remove(temp);
    }

    static Duration copyPoll() {
        return Duration.ofMillis(200);
    }

    private static BlobInfo info(String key, BlobItem item) {
        return new BlobInfo(key, key.substring(BlobKeys.PREFIX.length()), item.getProperties().getContentLength(),
                item.getProperties().getLastModified().toInstant());
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public String toString() {
        return "AzureBlobStore[" + settings + "]";
    }
}
