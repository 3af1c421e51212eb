package io.vigil.server.featurestore;

import io.vigil.server.assets.AssetMetricsRepository;
import io.vigil.server.assets.Assets;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.core.VigilException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** The feature store wired: definitions, materialisation, online values (fed by the asset metrics too), its route handlers. */
public final class FeatureStore {
    /** The most entities one definition holds online on an instance (the least recently seen go first). */
    public static final int MAX_ENTITIES = 100_000;

    private final FeatureStoreApi api;
    private final OnlineFeatures online;

    public FeatureStore(Jdbi jdbi, DatasetService datasets, Assets assets, Clock clock) {
        FeatureDefinitions definitions = new FeatureDefinitions(new FeatureDefinitionRepository(jdbi), datasets, clock);
        FeatureEventRepository events = new FeatureEventRepository(jdbi);
        AssetMetricsRepository metrics = assets.metricsRepository();
        this.online = new OnlineFeatures(definitions, events, metrics, MAX_ENTITIES, clock);
        assets.addListener(online::assetMetrics);
        this.api = new FeatureStoreApi(definitions, new Materialisation(definitions, datasets, metrics, events, clock), online);
    }

    public FeatureStoreApi api() {
        return api;
    }

    /**
     * An entity's latest values for a prediction (serving's {@code StoredFeatures} port): the
     * features that have a value; an unknown entity is a 404 and a stale one a 422, never zeros.
     */
    public Map<String, Double> latest(String definition, String key) {
        EntityFeatures e = online.entity(definition, key);
        if (e.stale()) {
            throw VigilException.unprocessable("the stored features of entity '" + key + "' in '" + definition + "' are stale: its latest"
                    + " event is from " + e.at() + ", older than the definition's staleAfter");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        e.features().forEach((name, value) -> {
            if (value != null) values.put(name, value);
        });
        return values;
    }
}
