package io.vigil.server.datasets;

import io.vigil.server.core.VigilException;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.DirectTransfers;
import io.vigil.server.storage.NoSuchBlobException;
import io.vigil.server.storage.PresignedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Datasets that go straight between clients and the object store: a presigned PUT into a staging
 * object, registered afterwards through the normal intake ({@link DatasetService#upload}, so the
 * dataset is parsed and profiled like any upload); and presigned GETs for downloads. Only drivers
 * with {@link BlobStore#directTransfers()} have them; the local disk does not.
 */
public final class DirectUploads {
    private static final Logger log = LoggerFactory.getLogger(DirectUploads.class);

    private final DatasetService datasets;
    private final Optional<DirectTransfers> transfers;
    private final Duration lifetime;

    /** @param lifetime how long a presigned URL stays valid ({@code storage.urlExpireSeconds}) */
    public DirectUploads(DatasetService datasets, BlobStore blobs, Duration lifetime) {
        this.datasets = datasets;
        this.transfers = blobs.directTransfers();
        this.lifetime = lifetime;
    }

    /** A new upload: its id and the PUT the client makes. */
    public record Started(String uploadId, PresignedRequest put, long maxBytes) {}

    public Started start() {
        String uploadId = UUID.randomUUID().toString();
        PresignedRequest put = required().uploadUrl(uploadId, lifetime);
        log.atInfo().addKeyValue("uploadId", uploadId).addKeyValue("expiresAt", put.expiresAt()).log("direct upload started");
        return new Started(uploadId, put, datasets.maxUploadBytes());
    }

    /**
     * Reads what the client uploaded through the intake, checking it is what it says it sent; the
     * staging object goes once the dataset exists. On a failure nothing is recorded and the staging
     * object stays for a corrected registration (the temporary sweep removes it after an hour).
     */
    public Dataset register(String uploadId, UploadRequest request, String sha256, Long size) {
        DirectTransfers direct = required();
        Dataset dataset;
        try (InputStream in = direct.openUpload(uploadId)) {
            dataset = datasets.upload(request, new ExpectedContentStream(in, sha256, size));
        } catch (NoSuchBlobException e) {
            throw VigilException.notFound("nothing was uploaded for upload " + uploadId
                    + " (the PUT did not happen or failed, or it is over an hour old and was swept)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read upload " + uploadId + " from the object store", e);
        }
        try {
            direct.deleteUpload(uploadId);
        } catch (IOException e) { // the dataset is stored; the sweep removes the staging copy later
            log.atWarn().addKeyValue("uploadId", uploadId).setCause(e).log("staging object of a registered upload not deleted");
        }
        log.atInfo().addKeyValue("uploadId", uploadId).addKeyValue("datasetId", dataset.id()).log("direct upload registered");
        return dataset;
    }

    /** A presigned GET of the dataset's bytes, when the driver has them. */
    public Optional<PresignedRequest> downloadUrl(Dataset dataset, String fileName) {
        return transfers.map(t -> t.downloadUrl(dataset.blobKey(), fileName, lifetime));
    }

    private DirectTransfers required() {
        return transfers.orElseThrow(() -> VigilException.conflict("this server keeps datasets on its own disk (storage.driver local),"
                + " which hands out no presigned URLs: upload the file with POST /ml/datasets instead, or run Vigil with"
                + " storage.driver s3 or azure"));
    }
}
