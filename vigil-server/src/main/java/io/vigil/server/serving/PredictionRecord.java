package io.vigil.server.serving;

import java.time.Instant;
import java.util.Map;

/** One prediction as kept for monitoring: what came in, which model version answered and what it said. */
record PredictionRecord(Instant at, LoadedModel model, Map<String, Object> features, PredictionResult result) {}
