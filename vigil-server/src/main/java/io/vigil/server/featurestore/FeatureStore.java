package io.vigil.server.featurestore;

import io.vigil.server.assets.AssetMetricsRepository;
import io.vigil.server.assets.Assets;
import io.vigil.server.datasets.DatasetService;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/** The feature store wired: definitions, materialisation, online values (fed by the asset metrics too), its route handlers. */
public final class FeatureStore {
    /** The most entities one definition holds online on an instance (the least recently seen go first). */
    public static final int MAX_ENTITIES = 100_000;

    private final FeatureStoreApi api;

    public FeatureStore(Jdbi jdbi, DatasetService datasets, Assets assets, Clock clock) {
        FeatureDefinitions definitions = new FeatureDefinitions(new FeatureDefinitionRepository(jdbi), datasets, clock);
        FeatureEventRepository events = new FeatureEventRepository(jdbi);
        AssetMetricsRepository metrics = assets.metricsRepository();
        OnlineFeatures online = new OnlineFeatures(definitions, events, metrics, MAX_ENTITIES, clock);
        assets.addListener(online::assetMetrics);
        this.api = new FeatureStoreApi(definitions, new Materialisation(definitions, datasets, metrics, events, clock), online);
    }

    public FeatureStoreApi api() {
        return api;
    }
}
