package io.vigil.server.models;

import io.vigil.engine.algorithms.TrainedModel;
import io.vigil.engine.bundle.BundleManifest;
import io.vigil.engine.bundle.ModelBundle;
import io.vigil.engine.drift.ReferenceProfile;
import io.vigil.server.storage.BlobInfo;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.BlobWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The versions' bundles in the blob store: written by a training, read to validate, serve or describe a version. */
public final class ModelBundles {
    private static final Logger log = LoggerFactory.getLogger(ModelBundles.class);

    private final BlobStore blobs;
    private final ModelRepository repository;

    public ModelBundles(BlobStore blobs, ModelRepository repository) {
        this.blobs = blobs;
        this.repository = repository;
    }

    /** The trained model of a version, read whole. */
    public TrainedModel load(ModelVersion v) {
        try (InputStream in = blobs.open(v.bundleKey())) {
            return ModelBundle.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundle of model " + v.modelId() + " version " + v.version(), e);
        }
    }

    /** A version's manifest alone, without reading its model. */
    public BundleManifest manifest(ModelVersion v) {
        try (InputStream in = blobs.open(v.bundleKey())) {
            return ModelBundle.manifest(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundle of model " + v.modelId() + " version " + v.version(), e);
        }
    }

    /**
     * A version's reference profile alone (what its training rows looked like, for drift), without
     * reading its model; empty for a version trained before profiles were kept.
     */
    public Optional<ReferenceProfile> referenceProfile(ModelVersion v) {
        try (InputStream in = blobs.open(v.bundleKey())) {
            return ModelBundle.referenceProfile(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundle of model " + v.modelId() + " version " + v.version(), e);
        }
    }

    /** Stores a new bundle with its training rows' profile; until a version records its key, the orphan sweep may take it. */
    BlobInfo write(TrainedModel trained, ReferenceProfile profile) {
        try (BlobWriter writer = blobs.newWriter()) {
            ModelBundle.write(trained, profile, writer.stream());
            return writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the model bundle", e);
        }
    }

    /** Deletes a bundle no version points at any more (bundles are shared by content); a failure is only logged. */
    void deleteIfUnused(String key) {
        try {
            if (!repository.bundleInUse(key)) {
                blobs.delete(key);
            }
        } catch (IOException | RuntimeException e) {
            log.atWarn().setCause(e).addKeyValue("blobKey", key).log("could not delete an unused model bundle");
        }
    }
}
