package io.vigil.server.featurestore;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.vigil.engine.windows.WindowSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version of a named feature definition: the entity key, time and window features of
 * {@code spec}, computed from the events of {@code source}.
 *
 * @param features          the feature columns the spec adds, in order
 * @param ranges            a feature's expected [min, max]; a value outside is reported with the value
 * @param staleAfterSeconds an entity whose latest event is older than this is reported stale
 */
public record FeatureDefinition(String name, int version, String description, FeatureSource source, WindowSpec spec,
                                List<String> features, Map<String, Range> ranges, long staleAfterSeconds, String createdBy,
                                Instant createdAt, @JsonIgnore byte[] baselines) {

    /** An expected range of a feature's values (either end may be open: null). */
    public record Range(Double min, Double max) {
        boolean holds(double v) {
            return (min == null || v >= min) && (max == null || v <= max);
        }
    }
}
