package io.vigil.server.datasets;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.vigil.engine.data.DataFormat;
import io.vigil.server.privacy.PrivacySettings;
import io.vigil.server.privacy.Pseudonyms;
import java.util.Optional;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.core.VigilException;
import io.vigil.server.http.Bodies;
import io.vigil.server.http.Params;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** HTTP handlers of {@code /ml/datasets}: read the request, call {@link DatasetService}, write the answer. */
public final class DatasetsApi {
    /** Raw (non-multipart) uploads: the body is the file itself, parameters in the query string. */
    private static final Set<String> RAW_TYPES = Set.of("text/csv", "text/tab-separated-values", "text/plain",
            "application/x-ndjson", "application/jsonl", "application/octet-stream", "application/gzip",
            "application/x-gzip", "text/x-arff", "application/vnd.tcpdump.pcap", "application/x-pcapng");
    private static final Set<String> FORMATS = Set.of("csv", "tsv", "jsonl", "ndjson", "json-lines", "arff", "zeek",
            "eve", "suricata", "cowrie", "cef", "leef", "pcap", "pcapng", "cap");

    private final DatasetService service;
    private final DatasetConcatenation concatenation;
    private final PersonalDataApi personalData;
    private final DatasetTransfersApi transfers;

    public DatasetsApi(DatasetService service) {
        this(service, PrivacySettings.none(), null);
    }

    /** @param uploads presigned transfers (null: none, as with the local driver) */
    public DatasetsApi(DatasetService service, PrivacySettings privacy, DirectUploads uploads) {
        this.concatenation = new DatasetConcatenation(service);
        this.service = service;
        this.personalData = new PersonalDataApi(privacy);
        this.transfers = uploads == null ? null : new DatasetTransfersApi(this, service, uploads);
    }

    /** The handlers of presigned uploads and downloads. */
    public DatasetTransfersApi transfers() {
        if (transfers == null) {
            throw new IllegalStateException("this DatasetsApi was built without DirectUploads");
        }
        return transfers;
    }

    public void upload(Context ctx) throws IOException {
        String contentType = mediaType(ctx.contentType());
        long declared = ctx.req().getContentLengthLong();
        if (declared > service.maxUploadBytes() + 1024 * 1024) {
            throw tooLarge();
        }
        Dataset dataset;
        if (contentType.equals("multipart/form-data")) {
            List<UploadedFile> files = Bodies.uploadedFiles(ctx, "file", this::tooLarge);
            UploadedFile file = files.isEmpty() ? null : files.get(0);
            Params p = new Params(ctx);
            UploadRequest request = request(p, ctx::formParams, file == null ? null : file.filename(), file == null ? null : file.contentType());
            if (file == null) {
                p.add("file", "a multipart part named 'file' with the dataset is required");
            } else if (files.size() > 1) {
                p.add("file", "send one file per upload; the body has " + files.size() + " parts named 'file'");
            }
            p.throwIfInvalid();
            try (InputStream in = file.content()) {
                dataset = service.upload(request, in);
            }
        } else if (RAW_TYPES.contains(contentType)) {
            Params p = new Params(ctx);
            UploadRequest request = request(p, ctx::queryParams, single(p, "fileName", ctx.queryParams("fileName")), contentType);
            p.throwIfInvalid();
            dataset = service.upload(request, ctx.req().getInputStream());
        } else {
            throw VigilException.unsupportedMediaType("send the dataset as multipart/form-data with a 'file' part, or as the raw "
                    + "request body with one of " + new java.util.TreeSet<>(RAW_TYPES) + "; got '" + ctx.contentType() + "'");
        }
        ctx.status(201).header("Location", "/ml/datasets/" + dataset.id()).json(dataset);
    }

    public void list(Context ctx) {
        Params p = new Params(ctx);
        int page = p.integer("page", 1, 1, 1_000_000);
        int size = p.integer("size", 20, 1, 500);
        String name = p.text("name", RequestLimits.NAME_LENGTH);
        String format = p.oneOf("format", null, Set.of("csv", "tsv", "jsonl", "arff", "zeek", "pcap"));
        String sort = p.oneOf("sort", "createdat", DatasetRepository.sortKeys());
        String order = p.oneOf("order", sort.equals("name") ? "asc" : "desc", Set.of("asc", "desc"));
        p.throwIfInvalid();
        ctx.json(service.list(name, format, sort, order.equals("asc"), page, size));
    }

    public void get(Context ctx) {
        ctx.json(service.get(id(ctx)));
    }

    public void stats(Context ctx) {
        Params p = new Params(ctx);
        Optional<Pseudonyms> tokens = personalData.pseudonymsFor(ctx, p);
        p.throwIfInvalid();
        String stats = service.stats(id(ctx));
        ctx.contentType("application/json").result(tokens.map(t -> PseudonymisedCopy.profile(stats, t)).orElse(stats));
    }

    public void preview(Context ctx) {
        UUID id = id(ctx);
        Params p = new Params(ctx);
        long offset = p.longValue("offset", 0, 0, Long.MAX_VALUE);
        int limit = p.integer("limit", 20, 1, 1000);
        Optional<Pseudonyms> tokens = personalData.pseudonymsFor(ctx, p);
        p.throwIfInvalid();
        DatasetService.Preview preview = service.preview(id, offset, limit);
        ctx.json(tokens.map(t -> PersonalDataApi.pseudonymised(preview, t)).orElse(preview));
    }

    public void download(Context ctx) throws IOException {
        Params p = new Params(ctx);
        Optional<Pseudonyms> tokens = personalData.pseudonymsFor(ctx, p);
        p.throwIfInvalid();
        Dataset d = service.get(id(ctx));
        List<String> personal = tokens.map(t -> PseudonymisedCopy.personalColumns(d, t)).orElse(List.of());
        if (!personal.isEmpty()) {
            String fileName = FileNames.plain(d.name(), "dataset") + ".pseudonymised.csv";
            attachment(ctx, fileName);
            ctx.header("Vigil-Pseudonymised", String.join(", ", personal));
            ctx.contentType("text/csv; charset=utf-8");
            service.writePseudonymised(d, tokens.get(), ctx.outputStream());
            return;
        }
        attachment(ctx, downloadName(d));
        ctx.header("ETag", "\"" + d.sha256() + "\"");
        ctx.header("Content-Length", Long.toString(d.sizeBytes()));
        ctx.contentType(downloadType(d.contentType()));
        ctx.result(service.openContent(d));
    }

    private static void attachment(Context ctx, String fileName) {
        ctx.header("Content-Disposition", "attachment; filename=\"" + fileName.replaceAll("[^A-Za-z0-9._-]", "_")
                + "\"; filename*=UTF-8''" + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20"));
    }


    /**
     * Whether a download of {@code d} by this request would be its bytes as uploaded (not its
     * pseudonymised rows): only then may it be redirected to the object store.
     */
    boolean downloadsRaw(Context ctx, Dataset d) {
        Params p = new Params(ctx);
        Optional<Pseudonyms> tokens = personalData.pseudonymsFor(ctx, p);
        p.throwIfInvalid();
        return tokens.map(t -> PseudonymisedCopy.personalColumns(d, t).isEmpty()).orElse(true);
    }

    /** A plain name whatever the dataset was called: a client that saves under it stays in its folder. */
    static String downloadName(Dataset d) {
        return FileNames.plain(d.fileName() != null ? d.fileName() : d.name() + "." + d.format(), "dataset." + d.format());
    }

    /**
     * The type a download is served with: the uploader's only when it is one of the data types
     * Vigil takes (without its parameters), else {@code application/octet-stream}. An upload
     * labelled text/html must not come back as a page a browser would render (with nosniff, it
     * is not sniffed either).
     */
    static String downloadType(String uploaded) {
        String type = mediaType(uploaded);
        return RAW_TYPES.contains(type) ? type : "application/octet-stream";
    }

    /** Joins datasets with the same columns into a new one (201, like an upload). */
    public void concat(Context ctx) {
        Dataset dataset = concatenation.concat(Bodies.json(ctx, ConcatRequest.class));
        ctx.status(201).header("Location", "/ml/datasets/" + dataset.id()).json(dataset);
    }

    public void delete(Context ctx) {
        Params p = new Params(ctx);
        boolean force = Boolean.parseBoolean(p.oneOf("force", "false", Set.of("true", "false")));
        p.throwIfInvalid();
        service.delete(id(ctx), force);
        ctx.status(204);
    }

    private static UUID id(Context ctx) {
        return Params.pathId(ctx, "dataset");
    }

    private VigilException tooLarge() {
        return VigilException.tooLarge("the upload is larger than the limit of " + service.maxUploadBytes() / (1024 * 1024)
                + " MiB (VIGIL_MAX_UPLOAD_MB)");
    }


    /**
     * Reads the upload's fields from form parts or the query string and checks their shape, with
     * the same rules either way (each given once; names one line without control characters).
     */
    static UploadRequest request(Params p, Function<String, List<String>> fields, String fileName, String contentType) {
        Function<String, String> field = name -> single(p, name, fields.apply(name));
        String safeFileName = checkFileName(p, fileName);
        String name = p.name("name", field.apply("name"), RequestLimits.NAME_LENGTH);
        if (name == null && safeFileName != null && !p.errors().has("name")) {
            name = p.name("name", safeFileName.replaceFirst("(\\.gz)?$", "").replaceFirst("\\.[^.]*$", ""), RequestLimits.NAME_LENGTH);
        }
        if (name == null) {
            p.add("name", "a dataset name is required"); // kept only if the name had no other problem
        }
        String description = p.description("description", field.apply("description"), RequestLimits.DESCRIPTION_LENGTH);
        // Header names are read trimmed (CIC-IDS2017 writes " Label"), so the label's name is too.
        String label = p.name("labelColumn", trimmed(field.apply("labelColumn")), RequestLimits.DATA_NAME_LENGTH);
        DataFormat format = null;
        String rawFormat = field.apply("format");
        if (rawFormat != null && !rawFormat.isBlank()) {
            format = DataFormat.fromName(rawFormat.trim()).orElse(null);
            if (format == null) {
                p.add("format", "unknown format '" + rawFormat + "'; use one of " + new java.util.TreeSet<>(FORMATS));
            }
        }
        Character delimiter = delimiter(p, field.apply("delimiter"));
        List<String> columns = columns(p, field.apply("columns"));
        Charset encoding = encoding(p, field.apply("encoding"));
        String decimal = field.apply("decimal");
        if (decimal != null && !decimal.isEmpty() && !decimal.equals(",") && !decimal.equals(".")) {
            p.add("decimal", "must be ',' (numbers written 3,75) or '.' (the default)");
        }
        String keep = field.apply("keepFlowsBeforeDamage");
        if (keep != null && !keep.equals("true") && !keep.equals("false")) {
            p.add("keepFlowsBeforeDamage", "must be true (a damaged capture keeps the flows before the damage) or false");
        }
        // Suricata EVE and Cowrie: one event type's lines only (alert, flow; cowrie.login)
        String eventType = p.name("eventType", trimmed(field.apply("eventType")), RequestLimits.DATA_NAME_LENGTH);
        return new UploadRequest(name, description, label, format, delimiter, columns, encoding, ",".equals(decimal),
                safeFileName, contentType, "true".equals(keep), eventType);
    }

    /** A file name is metadata only, never a path; one that tries to be a path is refused. */
    private static String checkFileName(Params p, String fileName) {
        if (fileName == null || fileName.isBlank()) {
            return null;
        }
        String problem = FileNames.problem(fileName);
        if (problem != null) {
            p.add("file", problem);
            return null;
        }
        return fileName;
    }

    private static Character delimiter(Params p, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        switch (raw) {
            case "tab", "\\t", "\t" -> { return '\t'; }
            case ",", ";", "|", ":" -> { return raw.charAt(0); }
            default -> {
                p.add("delimiter", "must be one of ',', ';', '|', ':' or 'tab'");
                return null;
            }
        }
    }

    /** Stripped of white space; not trimmed, which would drop a NUL or another control character unseen. */
    private static String trimmed(String raw) {
        return raw == null || raw.isBlank() ? null : raw.strip();
    }

    private static Charset encoding(Params p, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Charset.forName(raw.trim());
        } catch (IllegalArgumentException e) { // illegal or unsupported name
            p.add("encoding", "unknown encoding '" + raw + "'; use for example utf-8, windows-1252, iso-8859-1 or utf-16");
            return null;
        }
    }

    private static List<String> columns(Params p, String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : Arrays.asList(raw.split(",", -1))) {
            String n = name.strip();
            if (n.isEmpty()) {
                p.add("columns", "column names must not be empty");
                return List.of();
            }
            if (!seen.add(n)) {
                p.add("columns", "column '" + n + "' is named twice");
                return List.of();
            }
            names.add(n);
        }
        return p.errors().names("columns", names, RequestLimits.COLUMNS, RequestLimits.DATA_NAME_LENGTH) ? names : List.of();
    }

    /** The one value of a field; given twice it is an error (which one was meant?). */
    static String single(Params p, String field, List<String> values) {
        if (values.size() > 1) {
            p.add(field, "give " + field + " once; it was given " + values.size() + " times");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
}
