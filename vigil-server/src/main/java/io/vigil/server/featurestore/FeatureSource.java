package io.vigil.server.featurestore;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * Where a feature definition's events come from.
 *
 * @param kind      {@code dataset} (an uploaded event dataset, {@code datasetId}), {@code assets} (the asset
 *                  metrics, one event per asset and time with a column per metric: keys {@code asset_id}, time
 *                  {@code timestamp}; {@code metrics} names those read, all when absent), or {@code stream}
 *                  (only the events posted to the definition, {@code POST /ml/features/{name}/events})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSource(String kind, UUID datasetId, List<String> metrics) {
    public static final String DATASET = "dataset";
    public static final String ASSETS = "assets";
    public static final String STREAM = "stream";
    /** The key and time columns of the asset metrics' events. */
    public static final String ASSET_KEY = "asset_id";
    public static final String ASSET_TIME = "timestamp";
}
