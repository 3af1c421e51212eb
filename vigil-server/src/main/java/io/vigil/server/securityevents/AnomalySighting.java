package io.vigil.server.securityevents;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One scored point of an asset, as the anomaly service hands it to {@link SecurityEvents}: an
 * anomaly opens or extends the asset's event, a normal point after the gap ends it.
 *
 * @param drivers what drove the score, largest first (each a name and its share)
 */
public record AnomalySighting(String assetId, Instant at, double score, double threshold, boolean anomalous, String method,
                              UUID modelId, Integer version, List<Map<String, Object>> drivers) {}
