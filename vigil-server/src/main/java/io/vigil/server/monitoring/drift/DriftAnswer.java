package io.vigil.server.monitoring.drift;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.vigil.engine.drift.DriftReport;
import io.vigil.engine.drift.DriftSettings;
import java.time.Instant;
import java.util.UUID;

/**
 * The answer of {@code GET /ml/models/{id}/drift}: which version and window, how many predictions
 * the window held and how many were read (the newest, up to {@code maxRows}), the drift itself
 * (its fields at the top level), the settings it was judged by, and what it cost.
 *
 * @param rowsInWindow predictions the version logged in the window
 * @param capped       whether the window held more than {@code maxRows}: only the newest were compared
 * @param skippedRows  logged rows left out because their arrays did not have the version's shape
 */
public record DriftAnswer(UUID modelId, String modelName, int version, String window, Instant from, Instant to, long rowsInWindow,
                          boolean capped, int maxRows, long skippedRows, @JsonUnwrapped DriftReport drift, DriftSettings settings,
                          long readMs, long computeMs) {
}
