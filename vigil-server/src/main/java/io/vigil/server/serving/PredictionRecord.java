package io.vigil.server.serving;

import java.time.Instant;
import java.util.Map;

/** One prediction as kept for monitoring: what came in and what went out. */
record PredictionRecord(Instant at, Map<String, Object> features, PredictionResult result) {}
