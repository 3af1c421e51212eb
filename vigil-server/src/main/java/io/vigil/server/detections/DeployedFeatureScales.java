package io.vigil.server.detections;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vigil.engine.drift.InputProfile;
import io.vigil.engine.drift.ReferenceProfile;
import io.vigil.server.eventsearch.FeatureScales;
import io.vigil.server.models.ModelRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scales similar events are compared on: the numeric inputs of the version deployed to a
 * model type, with the mean and standard deviation of its training rows (its bundle's reference
 * profile). Looked up once a minute per model type, not per event; a type with no deployment, or
 * whose version has no profile, has none (its events get no feature vector).
 */
final class DeployedFeatureScales implements FeatureScales {
    private final ModelRegistry models;
    private final Cache<String, Optional<List<FeatureScale>>> byType =
            Caffeine.newBuilder().maximumSize(1_000).expireAfterWrite(Duration.ofMinutes(1)).build();

    DeployedFeatureScales(ModelRegistry models) {
        this.models = models;
    }

    @Override
    public Optional<List<FeatureScale>> of(String modelType) {
        return modelType == null ? Optional.empty() : byType.get(modelType, this::load);
    }

    private Optional<List<FeatureScale>> load(String modelType) {
        return models.repository().withHandle(h -> models.repository().activeDeployment(h, modelType)
                .flatMap(d -> models.repository().version(h, d.modelId(), d.version())))
                .flatMap(models.bundles()::referenceProfile)
                .map(DeployedFeatureScales::scales)
                .filter(s -> !s.isEmpty());
    }

    private static List<FeatureScale> scales(ReferenceProfile profile) {
        List<FeatureScale> out = new ArrayList<>();
        for (InputProfile input : profile.inputs()) {
            if (input.numeric() != null) {
                double std = input.numeric().std();
                out.add(new FeatureScale(input.name(), input.numeric().mean(), std > 0 && Double.isFinite(std) ? std : 1));
            }
        }
        return out;
    }
}
