package io.vigil.engine.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.engine.ModelJson;
import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Writes and reads model bundles: a zip stream holding {@code manifest.json} (format version,
 * input schema, fitted pipeline, algorithm, hyperparameters, metrics, provenance) and the
 * algorithm's own files under {@code native/} (XGBoost JSON, ...). Streams in and out, so the
 * caller chooses the storage; never Java serialization. Bundles of this format version and older
 * load; unknown manifest fields (from newer writers) are ignored.
 */
public final class ModelBundle {
    public static final String FORMAT = "vigil-model-bundle";
    public static final int FORMAT_VERSION = 1;
    static final String MANIFEST = "manifest.json";
    static final String NATIVE = "native/";

    private static final ObjectMapper JSON = ModelJson.MAPPER;

    private ModelBundle() {
    }

    /** Writes the bundle; the stream is finished but not closed. */
    public static void write(TrainedModel trained, OutputStream out) throws IOException {
        Model model = trained.model();
        Map<String, byte[]> files = new TreeMap<>(model.nativeFiles());
        List<BundleManifest.NativeFile> listed = new ArrayList<>();
        files.forEach((name, bytes) -> listed.add(new BundleManifest.NativeFile(name, sha256(bytes), bytes.length)));
        BundleManifest manifest = new BundleManifest(FORMAT, FORMAT_VERSION, model.algorithm(), model.task().name(), model.classes(),
                trained.pipeline().inputs(), trained.pipeline().featureNames(), trained.pipeline(),
                trained.provenance().hyperparameters(), trained.metrics(), trained.provenance(), listed);
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.putNextEntry(new ZipEntry(MANIFEST));
        zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        zip.closeEntry();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            zip.putNextEntry(new ZipEntry(NATIVE + f.getKey()));
            zip.write(f.getValue());
            zip.closeEntry();
        }
        zip.finish();
    }

    public static byte[] toBytes(TrainedModel trained) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            write(trained, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reads a bundle and rebuilds the model; checks the format, version and every file's hash. */
    public static TrainedModel read(InputStream in) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) entries.put(e.getName(), zip.readAllBytes());
        BundleManifest manifest = readManifest(entries);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (BundleManifest.NativeFile f : manifest.nativeFiles()) {
            byte[] bytes = entries.get(NATIVE + f.name());
            if (bytes == null) throw new InvalidBundleException("bundle lacks " + NATIVE + f.name() + " listed in its manifest");
            if (!sha256(bytes).equals(f.sha256())) throw new InvalidBundleException(NATIVE + f.name() + " does not match its SHA-256");
            files.put(f.name(), bytes);
        }
        Trainer trainer = Algorithms.trainer(manifest.algorithm());
        Hyperparameters params = trainer.validate(manifest.hyperparameters());
        Model model = trainer.load(files, manifest.classes(), manifest.featureNames().size(), params);
        return new TrainedModel(manifest.pipeline(), model, manifest.provenance(), manifest.metrics() == null ? Map.of() : manifest.metrics());
    }

    public static TrainedModel fromBytes(byte[] bytes) {
        try {
            return read(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Only the manifest, e.g. to list a registry without loading models. */
    public static BundleManifest manifest(InputStream in) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
            if (e.getName().equals(MANIFEST)) return readManifest(Map.of(MANIFEST, zip.readAllBytes()));
        }
        throw new InvalidBundleException("not a model bundle: no " + MANIFEST);
    }

    private static BundleManifest readManifest(Map<String, byte[]> entries) throws IOException {
        byte[] bytes = entries.get(MANIFEST);
        if (bytes == null) throw new InvalidBundleException("not a model bundle: no " + MANIFEST);
        BundleManifest manifest = JSON.readValue(bytes, BundleManifest.class);
        if (!FORMAT.equals(manifest.format())) throw new InvalidBundleException("not a model bundle: format '" + manifest.format() + "'");
        if (manifest.formatVersion() > FORMAT_VERSION) {
            throw new InvalidBundleException("bundle format version " + manifest.formatVersion() + " is newer than this engine reads ("
                    + FORMAT_VERSION + "); upgrade Vigil");
        }
        return manifest;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
