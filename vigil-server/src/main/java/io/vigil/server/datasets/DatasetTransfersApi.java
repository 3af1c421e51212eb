package io.vigil.server.datasets;

import io.javalin.http.Context;
import io.vigil.server.core.VigilException;
import io.vigil.server.http.Params;
import io.vigil.server.storage.DirectTransfers;
import io.vigil.server.storage.PresignedRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * HTTP handlers of presigned transfers: {@code POST /ml/datasets/uploads} hands out a PUT URL,
 * {@code POST /ml/datasets/uploads/{uploadId}} registers what was uploaded there as a dataset, and
 * {@code GET /ml/datasets/{id}/download?redirect=true} answers 307 to a presigned GET.
 */
public final class DatasetTransfersApi {
    private final DatasetsApi datasets;
    private final DatasetService service;
    private final DirectUploads uploads;

    DatasetTransfersApi(DatasetsApi datasets, DatasetService service, DirectUploads uploads) {
        this.datasets = datasets;
        this.service = service;
        this.uploads = uploads;
    }

    public void start(Context ctx) {
        DirectUploads.Started started = uploads.start();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uploadId", started.uploadId());
        body.put("method", started.put().method());
        body.put("url", started.put().url());
        body.put("headers", started.put().headers());
        body.put("expiresAt", started.put().expiresAt());
        body.put("maxBytes", started.maxBytes());
        body.put("register", "/ml/datasets/uploads/" + started.uploadId());
        ctx.status(201).header("Cache-Control", "no-store").json(body);
    }

    /** Query parameters as a raw upload takes them, plus {@code sha256} (required) and {@code size} of what was sent. */
    public void register(Context ctx) {
        String uploadId = ctx.pathParam("uploadId");
        if (!DirectTransfers.isUploadId(uploadId)) {
            throw VigilException.notFound("no upload with id " + uploadId + " (ids are the uploadId POST /ml/datasets/uploads answered)");
        }
        Params p = new Params(ctx);
        String fileName = DatasetsApi.single(p, "fileName", ctx.queryParams("fileName"));
        UploadRequest request = DatasetsApi.request(p, ctx::queryParams, fileName, "application/octet-stream");
        String sha256 = DatasetsApi.single(p, "sha256", ctx.queryParams("sha256"));
        if (sha256 == null || !sha256.strip().toLowerCase(Locale.ROOT).matches("[0-9a-f]{64}")) {
            p.add("sha256", "the SHA-256 of the uploaded file is required: 64 hex digits (sha256sum prints them)");
            sha256 = null;
        }
        long size = p.longValue("size", -1, 0, service.maxUploadBytes());
        p.throwIfInvalid();
        Dataset dataset = uploads.register(uploadId, request, sha256.strip().toLowerCase(Locale.ROOT), size < 0 ? null : size);
        ctx.status(201).header("Location", "/ml/datasets/" + dataset.id()).json(dataset);
    }

    /**
     * With {@code redirect=true}, 307 to a presigned GET where the driver has one (not under encryption at rest, and
     * not when the download is pseudonymised); otherwise what {@link DatasetsApi#download} answers.
     */
    public void download(Context ctx) throws java.io.IOException {
        Params p = new Params(ctx);
        boolean redirect = p.oneOf("redirect", "false", Set.of("true", "false")).equals("true");
        p.throwIfInvalid();
        Dataset d = redirect ? service.get(Params.pathId(ctx, "dataset")) : null;
        if (redirect && datasets.downloadsRaw(ctx, d)) { // a pseudonymised download is made here, never by the object store
            Optional<PresignedRequest> url = uploads.downloadUrl(d, DatasetsApi.downloadName(d));
            if (url.isPresent()) {
                ctx.status(307).header("Location", url.get().url()).header("Cache-Control", "no-store");
                return;
            }
        }
        datasets.download(ctx); // the local driver: Vigil serves the bytes itself
    }
}
