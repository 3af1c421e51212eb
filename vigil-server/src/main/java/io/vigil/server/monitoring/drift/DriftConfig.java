package io.vigil.server.monitoring.drift;

import io.vigil.engine.drift.DriftSettings;

/**
 * The server's drift settings ({@code drift.*}): the defaults under every model's own settings, and
 * how many of a window's newest predictions are read at most.
 *
 * @param defaults methods, thresholds, dataset share and fewest rows for models that set none
 * @param maxRows  predictions read per window at most, the newest first
 */
public record DriftConfig(DriftSettings defaults, int maxRows) {
    public static final int DEFAULT_MAX_ROWS = 100_000;

    public static DriftConfig builtIn() {
        return new DriftConfig(DriftSettings.DEFAULTS, DEFAULT_MAX_ROWS);
    }
}
