package io.vigil.server.assets;

import java.util.List;

/** Told of each batch of metrics an asset sent, after they are stored (the feature store's online values). */
@FunctionalInterface
public interface AssetListener {
    void received(String assetId, List<MetricPoint> points);
}
