package io.vigil.server.monitoring.health;

import io.vigil.engine.drift.DriftReport;
import io.vigil.engine.drift.DriftSettings;
import io.vigil.engine.drift.ReferenceProfile;
import io.vigil.server.monitoring.drift.DriftAnswer;
import io.vigil.server.monitoring.live.LiveGlance;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Figures a test sets, for health and rules judged without a server: each model's per window, one error rate. */
public final class FixedFigures implements ModelFigures {
    public static final LiveGlance NOTHING = new LiveGlance(0, null, Map.of(), 0, 0);

    public Instant now = Instant.parse("2026-12-01T10:00:00Z");
    public final Map<String, LiveGlance> glances = new HashMap<>();
    public final Map<String, LiveGlance> before = new HashMap<>();
    public ErrorRates.Rate errors;
    public boolean errorRatesKept = true;
    public DriftAnswer drift;
    public boolean loaded = true;
    public OwnAccuracy own;
    public ReferenceProfile profile;

    /** The glance of any model over {@code window}. */
    public FixedFigures glance(String window, LiveGlance g) {
        glances.put(window, g);
        return this;
    }

    /** A drift evaluation of {@code version} that found {@code drifted} of {@code tested} inputs drifted. */
    public FixedFigures drift(UUID model, int version, int drifted, int tested) {
        DriftReport report = new DriftReport(500, 1000, 30, List.of(), tested, drifted, tested == 0 ? null : (double) drifted / tested,
                0.5, tested == 0 ? null : drifted * 2 >= tested, null, tested == 0 ? "not enough data" : "drift");
        drift = new DriftAnswer(model, "m", version, "1h", now.minusSeconds(3600), now, 500, false, 100_000, 0, report,
                DriftSettings.DEFAULTS, 1, 1);
        return this;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public LiveGlance glance(UUID modelId, int version, String window) {
        return glances.getOrDefault(window, NOTHING);
    }

    @Override
    public LiveGlance glanceBefore(UUID modelId, int version, String window) {
        return before.getOrDefault(window, NOTHING);
    }

    @Override
    public boolean errorRatesKept() {
        return errorRatesKept;
    }

    @Override
    public Optional<ErrorRates.Rate> errors(Duration window) {
        return Optional.ofNullable(errors);
    }

    @Override
    public Optional<DriftAnswer> drift(UUID modelId) {
        return Optional.ofNullable(drift);
    }

    @Override
    public boolean loaded(UUID modelId, int version) {
        return loaded;
    }

    @Override
    public Optional<OwnAccuracy> ownAccuracy(UUID modelId, int version) {
        return Optional.ofNullable(own);
    }

    @Override
    public Optional<ReferenceProfile> profile(UUID modelId, int version) {
        return Optional.ofNullable(profile);
    }
}
