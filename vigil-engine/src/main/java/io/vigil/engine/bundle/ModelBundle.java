package io.vigil.engine.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.engine.ModelJson;
import io.vigil.engine.algorithms.Algorithms;
import io.vigil.engine.algorithms.Hyperparameters;
import io.vigil.engine.algorithms.Model;
import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.algorithms.Trainer;
import io.vigil.engine.drift.ReferenceProfile;
import io.vigil.engine.windows.SeasonalBaseline;
import io.vigil.engine.windows.WindowFeatures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes and reads model bundles: a zip stream holding {@code manifest.json} (format version,
 * input schema, fitted pipeline, algorithm, hyperparameters, metrics, provenance), the training
 * rows' {@link ReferenceProfile} ({@code reference-profile.json}, for drift; bundles written before
 * it have none), for a model with per-entity window features their fitted baselines
 * ({@code window-baselines.json}, when it has residual features; the spec is in the manifest) and
 * the algorithm's own files under {@code native/} (XGBoost JSON, ...). Streams in and out, so the
 * caller chooses the storage; never Java serialization. Bundles of this format version and older
 * load; unknown manifest fields (from newer writers) are ignored. Reading checks every member
 * before using it ({@link BundleReader}, under {@link BundleLimits}): only this format is loaded.
 */
public final class ModelBundle {
    public static final String FORMAT = "vigil-model-bundle";
    /** The newest layout: 2 holds window features. A model without them is written as version 1, which older Vigils read. */
    public static final int FORMAT_VERSION = 2;
    static final String MANIFEST = "manifest.json";
    static final String WINDOW_BASELINES = "window-baselines.json";
    static final String NATIVE = "native/";
    static final String PROFILE = "reference-profile.json";

    private static final ObjectMapper JSON = ModelJson.MAPPER;

    private ModelBundle() {
    }

    /** Writes the bundle without a reference profile; see {@link #write(TrainedModel, ReferenceProfile, OutputStream)}. */
    public static void write(TrainedModel trained, OutputStream out) throws IOException {
        write(trained, null, out);
    }

    /**
     * Writes the bundle with the training rows' reference profile (null for none), right after the
     * manifest so that it can be read without the model's files; the stream is finished but not
     * closed. A native file name the reader would refuse fails here, before writing.
     */
    public static void write(TrainedModel trained, ReferenceProfile profile, OutputStream out) throws IOException {
        Model model = trained.model();
        byte[] profileJson = profile == null ? null : profile.toJson();
        WindowFeatures windows = trained.windows();
        byte[] baselinesJson = windows == null || windows.baselines().isEmpty() ? null : windows.baselinesJson();
        Map<String, byte[]> files = new TreeMap<>(model.nativeFiles());
        for (String name : files.keySet()) MemberNames.checkNative(name);
        List<BundleManifest.NativeFile> listed = new ArrayList<>();
        files.forEach((name, bytes) -> listed.add(new BundleManifest.NativeFile(name, sha256(bytes), bytes.length)));
        BundleManifest manifest = new BundleManifest(FORMAT, windows == null ? 1 : FORMAT_VERSION, model.algorithm(), model.task().name(),
                model.classes(), trained.pipeline().inputs(), trained.pipeline().featureNames(), trained.pipeline(),
                trained.provenance().hyperparameters(), trained.metrics(), trained.provenance(), listed,
                profileJson == null ? null : new BundleManifest.NativeFile(PROFILE, sha256(profileJson), profileJson.length),
                windows == null ? null : windows.spec(),
                baselinesJson == null ? null : new BundleManifest.NativeFile(WINDOW_BASELINES, sha256(baselinesJson), baselinesJson.length));
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.putNextEntry(new ZipEntry(MANIFEST));
        zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        zip.closeEntry();
        if (profileJson != null) {
            zip.putNextEntry(new ZipEntry(PROFILE));
            zip.write(profileJson);
            zip.closeEntry();
        }
        if (baselinesJson != null) {
            zip.putNextEntry(new ZipEntry(WINDOW_BASELINES));
            zip.write(baselinesJson);
            zip.closeEntry();
        }
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

    /** Reads a bundle under {@link BundleLimits#DEFAULTS} and rebuilds the model; see {@link #read(InputStream, BundleLimits)}. */
    public static TrainedModel read(InputStream in) throws IOException {
        return read(in, BundleLimits.DEFAULTS);
    }

    /**
     * Reads a bundle and rebuilds the model. Everything is checked before it is used: the member
     * names, sizes and compression ratios, the manifest (format, version, a known algorithm, the
     * native files it lists), every native file's size and SHA-256, then the hyperparameters; only
     * then does the algorithm parse its own files. Java-serialized content is refused, never read.
     *
     * @throws InvalidBundleException the stream is not a valid Vigil bundle within {@code limits}; the message says why
     */
    public static TrainedModel read(InputStream in, BundleLimits limits) throws IOException {
        BundleReader.Contents contents = BundleReader.read(in, limits, BundleReader.Part.ALL);
        BundleManifest manifest = contents.manifest();
        Trainer trainer = Algorithms.trainer(manifest.algorithm());
        Hyperparameters params;
        try {
            params = trainer.validate(manifest.hyperparameters() == null ? Map.of() : manifest.hyperparameters());
        } catch (IllegalArgumentException e) {
            throw new InvalidBundleException("the bundle's hyperparameters are not valid for " + manifest.algorithm() + ": " + e.getMessage(), e);
        }
        Model model;
        try {
            model = trainer.load(contents.nativeFiles(), manifest.classes(), manifest.featureNames().size(), params);
        } catch (RuntimeException e) {
            throw new InvalidBundleException("the bundle's " + manifest.algorithm() + " model files cannot be loaded: " + e.getMessage(), e);
        }
        return new TrainedModel(manifest.pipeline(), model, manifest.provenance(), manifest.metrics() == null ? Map.of() : manifest.metrics(),
                windows(manifest, contents.windowBaselines()));
    }

    /** The model's window features: its manifest's spec with the baselines fitted for it; null without any. */
    private static WindowFeatures windows(BundleManifest manifest, byte[] baselines) throws InvalidBundleException {
        if (manifest.windows() == null) return null;
        try {
            List<SeasonalBaseline> fitted = baselines == null ? List.of() : WindowFeatures.baselinesFromJson(baselines);
            return WindowFeatures.of(manifest.windows(), fitted);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidBundleException("the bundle's window features cannot be loaded: " + e.getMessage(), e);
        }
    }

    public static TrainedModel fromBytes(byte[] bytes) {
        try {
            return read(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Only the manifest, checked as {@link #read} checks it, e.g. to list a registry without loading models. */
    public static BundleManifest manifest(InputStream in) throws IOException {
        return BundleReader.read(in, BundleLimits.DEFAULTS, BundleReader.Part.MANIFEST).manifest();
    }

    /**
     * The reference profile alone, read and checked without the model's files (it follows the
     * manifest); empty for a bundle written without one.
     *
     * @throws InvalidBundleException the bundle or its profile is not valid; the message says why
     */
    public static Optional<ReferenceProfile> referenceProfile(InputStream in) throws IOException {
        BundleReader.Contents contents = BundleReader.read(in, BundleLimits.DEFAULTS, BundleReader.Part.PROFILE);
        if (contents.profile() == null) return Optional.empty();
        try {
            ReferenceProfile profile = ReferenceProfile.fromJson(contents.profile());
            profile.checkMatches(contents.manifest().pipeline().inputs());
            return Optional.of(profile);
        } catch (IllegalArgumentException e) {
            throw new InvalidBundleException("the bundle's " + PROFILE + " is not valid: " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
