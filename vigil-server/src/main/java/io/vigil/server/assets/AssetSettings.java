package io.vigil.server.assets;

import java.time.Duration;

/**
 * What the per-asset anomaly service is configured with ({@code assets.*}).
 *
 * @param anomalyThreshold   the score at and above which a point is an anomaly, unless the asset has its own (0.7)
 * @param retentionDays      how long metrics and anomaly scores are kept (30 days)
 * @param minTrainingSamples the fewest points in the training window a detector is trained on (100)
 * @param autoCreateEvents   whether anomalies become security events (on)
 * @param eventGap           an anomaly this close after the last one extends its event; a normal point
 *                           after it ends the event (5 minutes)
 * @param history            how far back the statistical fallback looks for an asset's baseline (24 hours)
 * @param maxPointsPerRequest the most values one request may send (10,000)
 */
public record AssetSettings(double anomalyThreshold, int retentionDays, int minTrainingSamples, boolean autoCreateEvents,
                            Duration eventGap, Duration history, int maxPointsPerRequest) {

    public static AssetSettings defaults() {
        return new AssetSettings(0.7, 30, 100, true, Duration.ofMinutes(5), Duration.ofHours(24), 10_000);
    }
}
