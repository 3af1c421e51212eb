package io.vigil.server.anomaly;

import io.vigil.server.assets.MetricPoint;
import java.util.List;

/**
 * What {@code POST /ml/anomaly/detect} asks, checked: the asset, and either {@code points} to
 * score (stored as the asset's metrics unless {@code store} is false) or a window of the last
 * {@code hours} of stored metrics; {@code statistic} is the fallback's: {@code mad} (the default),
 * {@code zscore}, {@code iqr} (fences over the recent history) or {@code novelty} (the engine's streaming detector).
 */
record DetectRequest(String assetId, List<MetricPoint> points, Double hours, boolean store, String statistic) {
    static final String NOVELTY = "novelty";
}
