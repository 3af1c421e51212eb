package io.vigil.server.models;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.core.VigilException;
import io.vigil.server.http.AuditTrail;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Callers;
import io.vigil.server.http.Params;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** HTTP handlers of {@code /ml/models}: read the request, call the services, write the answer. */
public final class ModelsApi {
    private static final Set<String> STATUSES = Arrays.stream(ModelStatus.values()).map(ModelStatus::label)
            .collect(java.util.stream.Collectors.toSet());

    private final ModelDefinitions models;
    private final ModelLifecycle lifecycle;
    private final TrainingSubmission training;
    private final OnnxModels onnx;

    public ModelsApi(ModelRegistry registry) {
        this.models = registry.definitions();
        this.lifecycle = registry.lifecycle();
        this.training = registry.training();
        this.onnx = registry.onnx();
    }

    /** {@code GET .../versions/{version}/export?format=onnx}: the version as an ONNX file. */
    public void export(Context ctx) {
        Params p = new Params(ctx);
        p.oneOf("format", "onnx", Set.of("onnx"));
        p.throwIfInvalid();
        OnnxModels.Export file = onnx.export(id(ctx), versionNumber(ctx.pathParam("version"), "version"));
        ctx.contentType("application/octet-stream").header("Content-Disposition", "attachment; filename=\"" + file.fileName() + "\"")
                .result(file.bytes());
    }

    /**
     * {@code POST .../versions/import}: an ONNX file as the model's next version, as multipart
     * ({@code file} and {@code description} parts) or as the raw body ({@code application/octet-stream},
     * the description in the query string).
     */
    public void importVersion(Context ctx) throws java.io.IOException {
        UUID id = id(ctx); // a path that names no model is a 404 whatever the body
        OnnxUpload upload = OnnxUpload.read(ctx, onnx.maxBytes());
        ModelVersion v = onnx.importVersion(id, upload.bytes(), upload.description(), Callers.of(ctx));
        ctx.status(201).header("Location", "/ml/models/" + v.modelId() + "/versions/" + v.version()).json(v);
    }

    /** {@code ?dryRun=true}: every check, nothing stored; 200 with the model as it would be, or the same refusal a create gets. */
    public void create(Context ctx) {
        boolean dryRun = dryRun(ctx);
        ModelRequest request = Bodies.json(ctx, ModelRequest.class);
        if (dryRun) {
            RegisteredModel would = models.dryRun(request, Callers.of(ctx));
            AuditTrail.changedNothing(ctx);
            ctx.status(200).json(would);
            return;
        }
        RegisteredModel m = models.create(request, Callers.of(ctx));
        ctx.status(201).header("Location", "/ml/models/" + m.id()).json(m);
    }

    public void list(Context ctx) {
        Params p = new Params(ctx);
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 20, 1, 500);
        String type = p.text("type", RequestLimits.MODEL_NAME_LENGTH);
        String status = p.oneOf("status", null, STATUSES);
        String name = p.text("name", RequestLimits.MODEL_NAME_LENGTH);
        p.throwIfInvalid();
        ctx.json(models.list(type, status, name, page, size));
    }

    public void get(Context ctx) {
        ctx.json(models.listing(id(ctx)));
    }

    /** {@code ?dryRun=true}: every check, nothing stored or audited; 200 with the model as it would be. */
    public void update(Context ctx) {
        boolean dryRun = dryRun(ctx);
        ModelRequest change = Bodies.json(ctx, ModelRequest.class);
        training.refuseWhileTraining(id(ctx));
        RegisteredModel next = models.update(id(ctx), change, dryRun);
        if (dryRun) {
            AuditTrail.changedNothing(ctx);
        }
        ctx.json(next);
    }

    private static boolean dryRun(Context ctx) {
        Params p = new Params(ctx);
        boolean dryRun = Boolean.parseBoolean(p.oneOf("dryRun", "false", Set.of("true", "false")));
        p.throwIfInvalid();
        return dryRun;
    }

    public void delete(Context ctx) {
        models.delete(id(ctx));
        ctx.status(204);
    }

    public void versions(Context ctx) {
        UUID id = id(ctx);
        String compare = ctx.queryParam("compare");
        if (compare != null && !compare.isBlank()) {
            ctx.json(models.compare(id, versionList(compare)));
        } else {
            ctx.json(models.versions(id));
        }
    }

    public void version(Context ctx) {
        ctx.json(models.version(id(ctx), versionNumber(ctx.pathParam("version"), "version")));
    }

    public void inputs(Context ctx) {
        ctx.json(models.inputs(id(ctx), versionNumber(ctx.pathParam("version"), "version")));
    }

    public void artifacts(Context ctx) {
        String v = ctx.queryParam("version");
        ctx.contentType("application/json").result(models.artifacts(id(ctx), v == null || v.isBlank() ? null : versionNumber(v, "version")));
    }

    public void validate(Context ctx) {
        ctx.json(lifecycle.validate(id(ctx), Bodies.json(ctx, ValidateRequest.class)));
    }

    public void deploy(Context ctx) {
        DeployRequest r = Bodies.json(ctx, DeployRequest.class, new DeployRequest(null));
        r.check();
        ctx.json(lifecycle.deploy(id(ctx), r.version(), Callers.of(ctx)));
    }

    public void rollback(Context ctx) {
        ctx.json(lifecycle.rollback(id(ctx), Callers.of(ctx)));
    }

    public void retire(Context ctx) {
        ctx.json(lifecycle.retire(id(ctx), Callers.of(ctx)));
    }

    /** {@code POST /api/v1/models/{id}/deploy}: the pipeline service has no validation step, so its deploy validates first. */
    public void deployValidatingOnHeldOut(Context ctx) {
        DeployRequest r = Bodies.json(ctx, DeployRequest.class, new DeployRequest(null));
        r.check();
        ctx.json(lifecycle.deployValidatingOnHeldOut(id(ctx), r.version(), Callers.of(ctx)));
    }

    public void deployments(Context ctx) {
        ctx.json(lifecycle.deployments(id(ctx)));
    }

    public void train(Context ctx) {
        TrainRequest r = Bodies.json(ctx, TrainRequest.class);
        if (r.datasetPath() != null) { // a file of the server becomes a dataset: the datasets' right, not only the models'
            Callers.require(ctx, io.vigil.server.auth.Access.DATA, "importing a file of the import directory (datasetPath)");
        }
        var job = training.submit(id(ctx), r, Callers.of(ctx));
        ctx.status(202).header("Location", "/ml/models/" + job.modelId() + "/training-jobs/" + job.id()).json(job);
    }

    public void status(Context ctx) {
        ctx.json(training.status(id(ctx)));
    }

    public void trainingJobs(Context ctx) {
        Params p = new Params(ctx);
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 20, 1, 500);
        p.throwIfInvalid();
        ctx.json(training.jobs(id(ctx), page, size));
    }

    /** One of the model's training jobs: a job of another model, or not a training, is not found here. */
    public void trainingJob(Context ctx) {
        ctx.json(training.job(id(ctx), Params.pathId(ctx, "jobId", "training job")));
    }

    static UUID id(Context ctx) {
        return Params.pathId(ctx, "model");
    }

    private static int versionNumber(String raw, String field) {
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw VigilException.invalid(field, "must be a version number (1, 2, ...)");
    }

    private static List<Integer> versionList(String raw) {
        List<Integer> out = new ArrayList<>();
        for (String part : raw.split(",")) {
            out.add(versionNumber(part, "compare"));
        }
        if (out.size() > 20) {
            throw VigilException.invalid("compare", "compare at most 20 versions at once");
        }
        return out;
    }

    /**
     * An ONNX import's request read: the file (a multipart {@code file} part, or the raw
     * {@code application/octet-stream} body) never read past the limit, and the input description
     * (the {@code description} part, or the query parameter of that name).
     */
    private record OnnxUpload(byte[] bytes, String description) {

        static OnnxUpload read(Context ctx, long maxBytes) throws IOException {
            String type = ctx.contentType() == null ? "" : ctx.contentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (type.equals("multipart/form-data")) {
                List<UploadedFile> files = Bodies.uploadedFiles(ctx, "file", () -> tooLarge(maxBytes));
                Params p = new Params(ctx);
                if (files.size() != 1) p.add("file", "send one multipart part named 'file' with the ONNX model; got " + files.size());
                p.throwIfInvalid();
                try (InputStream in = files.get(0).content()) {
                    return new OnnxUpload(readLimited(in, maxBytes), ctx.formParam("description"));
                }
            }
            if (type.equals("application/octet-stream")) {
                return new OnnxUpload(readLimited(ctx.req().getInputStream(), maxBytes), ctx.queryParam("description"));
            }
            throw VigilException.unsupportedMediaType("send the ONNX model as multipart/form-data with 'file' and 'description' parts, "
                    + "or as an application/octet-stream body with the description in the query string; got '" + ctx.contentType() + "'");
        }

        private static byte[] readLimited(InputStream in, long maxBytes) throws IOException {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return bytes;
        }

        private static VigilException tooLarge(long maxBytes) {
            return VigilException.tooLarge("the ONNX file is larger than the limit of " + maxBytes / (1024 * 1024)
                    + " MiB (uploads.maxMb, at most 256)");
        }

    }
}
