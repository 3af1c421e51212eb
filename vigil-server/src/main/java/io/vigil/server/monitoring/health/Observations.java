package io.vigil.server.monitoring.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vigil.engine.drift.ReferenceProfile;
import io.vigil.server.models.ModelBundles;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.models.ModelVersion;
import io.vigil.server.monitoring.drift.DriftAnswer;
import io.vigil.server.monitoring.drift.DriftService;
import io.vigil.server.monitoring.live.LiveGlance;
import io.vigil.server.monitoring.live.LiveMetrics;
import io.vigil.server.monitoring.live.MetricsWindow;
import io.vigil.server.serving.api.ServingStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What health and alert rules judge a model by, read from the rest of monitoring: the live
 * figures of a version over a window (volume, latency, classes, feedback), the last drift
 * evaluation, the version's own accuracy and training profile, this instance's prediction error
 * rate, and whether the version is loaded here. A {@link Round} reads each figure once, however many
 * checks and rules ask for it.
 */
public final class Observations {
    private static final int PROFILES_CACHED = 32;

    private final LiveMetrics live;
    private final DriftService drift;
    private final ModelRepository models;
    private final ModelBundles bundles;
    private final ErrorRates errors;
    private final Supplier<ServingStats> serving;
    private final Clock clock;
    // profiles by bundle key: a bundle never changes, and reading its profile reads the blob
    private final Cache<String, Optional<ReferenceProfile>> profiles = Caffeine.newBuilder().maximumSize(PROFILES_CACHED).build();

    public Observations(LiveMetrics live, DriftService drift, ModelRepository models, ModelBundles bundles, ErrorRates errors,
                        Supplier<ServingStats> serving, Clock clock) {
        this.live = live;
        this.drift = drift;
        this.models = models;
        this.bundles = bundles;
        this.errors = errors;
        this.serving = serving;
        this.clock = clock;
    }

    /** A round of reads at one time: each figure read once. */
    public Round round() {
        return new Round(clock.instant());
    }

    public ModelRepository models() {
        return models;
    }

    public DriftService drift() {
        return drift;
    }

    /** The figures of one round, each read at most once. */
    public final class Round implements ModelFigures {
        private final Instant now;
        private final Map<String, LiveGlance> glances = new HashMap<>();
        private final Map<String, ModelVersion> versions = new HashMap<>();
        private final Map<Duration, Optional<ErrorRates.Rate>> rates = new HashMap<>();
        private List<io.vigil.server.serving.models.LoadedVersions.Version> loaded;

        private Round(Instant now) {
            this.now = now;
        }

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public LiveGlance glance(UUID modelId, int version, String window) {
            return glances.computeIfAbsent(modelId + "/" + version + "/" + window,
                    k -> live.glance(modelId, version, MetricsWindow.parse(window, now)));
        }

        @Override
        public LiveGlance glanceBefore(UUID modelId, int version, String window) {
            MetricsWindow w = MetricsWindow.parse(window, now);
            Instant earlier = now.minus(Duration.between(w.from(), w.to()));
            return glances.computeIfAbsent(modelId + "/" + version + "/" + window + "/before",
                    k -> live.glance(modelId, version, MetricsWindow.parse(window, earlier)));
        }

        public ModelVersion version(UUID modelId, int version) {
            return versions.computeIfAbsent(modelId + "/" + version, k -> models.getVersion(modelId, version));
        }

        @Override
        public Optional<ErrorRates.Rate> errors(Duration window) {
            return rates.computeIfAbsent(window, errors::over);
        }

        @Override
        public boolean errorRatesKept() {
            return errors.enabled();
        }

        @Override
        public Optional<DriftAnswer> drift(UUID modelId) {
            return Optional.ofNullable(drift.latest().get(modelId));
        }

        @Override
        public boolean loaded(UUID modelId, int version) {
            if (loaded == null) {
                loaded = serving.get().loadedModels();
            }
            return loaded.stream().anyMatch(v -> v.modelId().equals(modelId) && v.version() == version);
        }

        @Override
        public Optional<OwnAccuracy> ownAccuracy(UUID modelId, int version) {
            ModelVersion v = version(modelId, version);
            JsonNode validated = v.validation() == null ? null : v.validation().path("metrics").path("accuracy");
            if (validated != null && validated.isNumber()) {
                return Optional.of(new OwnAccuracy(validated.asDouble(), "validation"));
            }
            Double trained = v.metrics() == null ? null : v.metrics().get("accuracy");
            return trained == null ? Optional.empty() : Optional.of(new OwnAccuracy(trained, "training hold-out"));
        }

        @Override
        public Optional<ReferenceProfile> profile(UUID modelId, int version) {
            ModelVersion v = version(modelId, version);
            return profiles.get(v.bundleKey(), key -> bundles.referenceProfile(v));
        }
    }
}
