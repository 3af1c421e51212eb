package io.vigil.server.anomaly;

import java.time.Instant;
import java.util.Map;

/** The values of an asset's metrics at one time: what is scored as one point. */
record Observation(Instant at, Map<String, Double> values) {}
