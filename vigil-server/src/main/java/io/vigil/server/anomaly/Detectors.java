package io.vigil.server.anomaly;

import io.vigil.server.assets.AssetEvents;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/** The port to the trained detectors: an asset's points scored by its detector's deployed version, if it has one. */
public interface Detectors {

    /** A detector's verdicts on the points, in their order. */
    record Verdicts(UUID modelId, int version, List<Verdict> verdicts) {}

    /** One point's score in [0, 1] and what drove it (each a feature's {@code name}, its {@code value} and {@code contribution}). */
    record Verdict(double score, List<Map<String, Object>> drivers) {}

    /**
     * Scores {@code events} (one asset's, in time order) with the deployed version of {@code modelId};
     * empty when none is deployed. {@code history} is the asset's events before them, for a detector
     * whose window features have not seen the asset yet on this instance.
     */
    Optional<Verdicts> score(UUID modelId, List<AssetEvents.Event> events, Supplier<List<AssetEvents.Event>> history);
}
