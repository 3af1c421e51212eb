package io.vigil.server.monitoring.health;

import io.vigil.engine.drift.ReferenceProfile;
import io.vigil.server.monitoring.drift.DriftAnswer;
import io.vigil.server.monitoring.live.LiveGlance;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The figures health and alert rules judge models by, as of one moment ({@link Observations.Round}). */
public interface ModelFigures {
    /** The moment the figures are read at. */
    Instant now();

    /** Version {@code version} of {@code modelId} over the last {@code window} ({@code 15m}, {@code 24h}...). */
    LiveGlance glance(UUID modelId, int version, String window);

    /** The same over the window just before that one. */
    LiveGlance glanceBefore(UUID modelId, int version, String window);

    /** Whether this instance counts its requests (metrics are on). */
    boolean errorRatesKept();

    /** This instance's prediction requests and server errors over {@code window}; empty when unknown. */
    Optional<ErrorRates.Rate> errors(Duration window);

    /** The last drift round's answer for {@code modelId} on this instance (not one asked through the API). */
    Optional<DriftAnswer> drift(UUID modelId);

    /** Whether version {@code version} of {@code modelId} is in memory on this instance. */
    boolean loaded(UUID modelId, int version);

    /** The version's accuracy: its last validation's, else its training hold-out's; empty if it has none (a detector). */
    Optional<OwnAccuracy> ownAccuracy(UUID modelId, int version);

    /** The version's training profile; empty for a version trained before profiles. */
    Optional<ReferenceProfile> profile(UUID modelId, int version);

    /** A version's own accuracy and where it comes from. */
    record OwnAccuracy(double value, String source) {}
}
