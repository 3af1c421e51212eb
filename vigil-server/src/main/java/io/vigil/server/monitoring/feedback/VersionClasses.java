package io.vigil.server.monitoring.feedback;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vigil.engine.algorithms.Task;
import io.vigil.engine.bundle.BundleManifest;
import io.vigil.server.models.ModelBundles;
import io.vigil.server.models.ModelRepository;
import java.util.List;
import java.util.UUID;

/**
 * The classes of model versions, read from each bundle's manifest once (a version never changes):
 * what a version can predict, in the order of its recorded probabilities, and for a detector the
 * label names of the data it was checked against.
 */
public final class VersionClasses {
    /**
     * @param classes    what the version predicts, in probability order (a detector: normal, anomaly)
     * @param detector   whether it is an anomaly detector
     * @param labelNames the classes of its training data's label column, in the same order (a
     *                   classifier: the same as {@code classes}; a detector: e.g. normal, attack; empty without labels)
     */
    public record Of(List<String> classes, boolean detector, List<String> labelNames) {}

    private record Key(UUID modelId, int version) {}

    private final ModelRepository repository;
    private final ModelBundles bundles;
    private final Cache<Key, Of> cache = Caffeine.newBuilder().maximumSize(10_000).build();

    public VersionClasses(ModelRepository repository, ModelBundles bundles) {
        this.repository = repository;
        this.bundles = bundles;
    }

    /** The classes of {@code version} of {@code modelId}; a 404 if there is no such version. */
    public Of of(UUID modelId, int version) {
        return cache.get(new Key(modelId, version), k -> {
            BundleManifest manifest = bundles.manifest(repository.getVersion(k.modelId(), k.version()));
            boolean detector = Task.ANOMALY_DETECTION.name().equalsIgnoreCase(manifest.task());
            List<String> labels = manifest.pipeline() == null ? List.of() : manifest.pipeline().classes();
            return new Of(List.copyOf(manifest.classes()), detector, labels);
        });
    }
}
