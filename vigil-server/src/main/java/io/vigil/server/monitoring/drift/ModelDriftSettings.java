package io.vigil.server.monitoring.drift;

import io.vigil.engine.drift.DriftSettings;
import java.util.UUID;

/**
 * A model's drift settings ({@code GET/PUT /ml/models/{id}/drift/settings}): what it set itself, and
 * what it is judged by (its own over the server's {@code drift.*} defaults).
 */
public record ModelDriftSettings(UUID modelId, DriftSettings own, DriftSettings effective) {
}
