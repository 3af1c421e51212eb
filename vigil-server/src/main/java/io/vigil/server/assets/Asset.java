package io.vigil.server.assets;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An asset as {@code GET /ml/assets} lists it: when it was first and last heard from, its latest
 * value of each metric, its anomaly threshold (its own, or the default), the detector trained for
 * it, and its anomaly state from the latest point scored.
 *
 * @param ownThreshold whether {@code threshold} is the asset's own setting rather than the default
 * @param state        {@code anomalous}, {@code normal}, or {@code unscored} before any detection
 */
public record Asset(String assetId, Instant firstSeen, Instant lastSeen, Map<String, Latest> latest, double threshold,
                    boolean ownThreshold, UUID modelId, String state, Double lastScore, String lastMethod, Instant lastScoredAt) {

    /** A metric's latest value and its time. */
    public record Latest(double value, Instant at) {}
}
